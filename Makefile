# Sunshine — the two commands: `make run` (demo on SQLite) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PIP := $(BIN)/pip install -q --disable-pip-version-check -c requirements/constraints.txt
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?= -n 2

.PHONY: run test test-fast lint format messages bench venv dev-venv clean

$(VENV)/.installed: pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(PIP) -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) -e '.[dev]'
	touch $@

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

messages-compile: venv
	@if find src -path '*/locale/*' -name '*.po' | grep -q .; then \
	  $(MANAGE) compilemessages -v0 --ignore '.venv/*' --ignore 'var/*'; fi

run: venv
	bash scripts/system-deps.sh
	$(MAKE) --no-print-directory messages-compile
	DEBUG=1 $(MANAGE) migrate --noinput -v0
	DEBUG=1 $(MANAGE) collectstatic --noinput -v0
	DEBUG=1 $(MANAGE) demo_data
	@echo ""
	@echo "Sunshine is at http://127.0.0.1:$(PORT)/  (staff: http://127.0.0.1:$(PORT)/work/)"
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: dev-venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the catalogues after changing user-facing strings (each app's strings go to its own
# locale/ folder), copy msgids into the English catalogues, then fill the zh_Hans msgstrs by hand.
# One app only: `make messages APP=org`. The project-wide catalogue (src/sunshine/locale: settings.py,
# urls.py and the base templates in src/sunshine/templates): `make messages APP=project`.
messages: dev-venv
	@if [ "$(APP)" = "project" ]; then cd src/sunshine && ../../$(BIN)/python ../../manage.py makemessages \
	  -l zh_Hans -l en --no-obsolete --add-location file -v0 -i static \
	  $$(for app in */apps.py; do printf -- '-i %s ' "$${app%/apps.py}"; done); \
	elif [ -n "$(APP)" ]; then cd src/sunshine/$(APP) && ../../../$(BIN)/python ../../../manage.py makemessages \
	  -l zh_Hans -l en --no-obsolete --add-location file -v0; \
	else $(MANAGE) makemessages -l zh_Hans -l en --no-obsolete --add-location file -v0 \
	  -i '.venv/*' -i 'var/*' -i 'tests/*' -i 'bench/*' -i 'src/sunshine/static/vendor/*'; fi
	$(BIN)/python scripts/fill_en_catalogues.py

test: dev-venv
	bash scripts/system-deps.sh --browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory messages-compile
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== the suite again on $$TEST_DATABASE_URL"; \
	  DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest $(PYTEST_ARGS); \
	fi

test-fast: dev-venv
	$(BIN)/pytest $(PYTEST_ARGS) -m "not browser"

bench: dev-venv
	$(BIN)/python bench/run.py

clean:
	rm -rf var/static var/test-*
