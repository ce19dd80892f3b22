# smartkorea — every target sets itself up on a fresh machine (Python 3.11 and make).
#   make report   build the HTML report and figures into build/report
#   make test     unit tests + data-package validation + every notebook under nbval
#   make lab      JupyterLab on notebooks/
#   make bench    print the benchmarks
#   make notebooks re-execute every notebook in place (after a change to data or helpers)
#   make lock     re-pin requirements.lock from the current environment (deliberate upgrades)
#   make readme-images  redraw docs/images/ (the README's chart and table) from the executed notebooks

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
USER_ID ?= $(shell id -u)
# Jupyter refuses to start as root (as in most containers) unless told it may.
LAB_ROOT := $(if $(filter 0,$(USER_ID)),--allow-root)

# Let Python cache compiled modules (src/ is installed editable): every notebook kernel and
# test worker would otherwise recompile smartkorea from source on import.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup test report lab bench notebooks lock clean readme-images

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile \
		--nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests notebooks

report: $(STAMP)
	$(BIN)/smartkorea report --out build/report --jobs $(JOBS)

lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_ROOT) notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

notebooks: $(STAMP)
	cd notebooks && ../$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False *.ipynb

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude smartkorea | LC_ALL=C sort > requirements.lock

readme-images: $(STAMP)
	$(BIN)/python docs/readme_images.py

clean:
	rm -rf build dist .pytest_cache
