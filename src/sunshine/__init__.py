"""Sunshine (阳光执法): the enforcement platform of a city's urban-management bureau."""

from .celery import app as celery_app

__all__ = ("celery_app",)
