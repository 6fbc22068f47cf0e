app_name = "parties"

urlpatterns = []
