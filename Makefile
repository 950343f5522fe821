# Two commands set everything up: `make run` and `make test`. Needs Python 3.11+ and make.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: messages run test install migrate demo serve worker s3-server s3-server-stop test-storage replica replica-stop test-replica test-stack varnish varnish-stop test-varnish bench-capacity bench-http bench bench-search bench-wpimport bench-comments check-pages test-next-django clean \
	test-browser install-browser screenshots test-wordpress bench-wpimport-rest

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsroom needs Python 3.11 or newer (found %s); run make PYTHON=python3.11" % sys.version.split()[0])'
	test -x $(BIN)/pip || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } || { rm -rf $(VENV); echo "Could not create $(VENV): on Debian/Ubuntu install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py loaddemo --if-empty

## make serve: the site as production runs it (deploy/serve.py): refuses without the production settings,
## collects static files, gunicorn with deploy/gunicorn.conf.py on 127.0.0.1:$(PORT), DEBUG off, the task
## worker alongside with TASKS_BACKEND=database. Put nginx in front (README, "Deploying").
serve: install
	PORT=$(PORT) $(BIN)/python deploy/serve.py

## make worker: run queued background tasks (TASKS_BACKEND=database); make run needs none, its tasks run at once
worker: migrate
	TASKS_BACKEND=database $(BIN)/python manage.py db_worker --no-reload --queue-name '*'

## make run: install, migrate, load the demo (once), serve on http://127.0.0.1:$(PORT)
run:
	$(MAKE) demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make test: install and run the whole test suite (SQLite, or DATABASE_URL)
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make test-browser: the browser suites (tests/browser) in Debian's Chromium through Playwright;
## installs chromium from Debian (as root) and Playwright into the venv. Failures leave screenshots
## in tests/browser/artifacts/.
BROWSER_STAMP := $(VENV)/.installed-browser
$(BROWSER_STAMP): $(STAMP) requirements-browser.txt
	$(BIN)/python -m pip install --quiet -r requirements-browser.txt
	touch $(BROWSER_STAMP)

install-browser: $(BROWSER_STAMP)
	.ci/apt-install chromium fonts-liberation fonts-noto-cjk

test-browser: install-browser
	$(BIN)/python -m pytest tests/browser $(PYTEST_ARGS)

## make screenshots: the README's pictures of the desk (docs/screenshots/), taken by the desk's browser journeys
screenshots: install-browser
	DESK_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/browser/test_desk_journeys.py tests/browser/test_desk_layout.py -q -k "not 390px and not 1400"

## make s3-server: moto's S3-compatible server on 127.0.0.1:$(S3_PORT) with a bucket; prints the MEDIA_S3_* settings.
## make s3-server-stop stops it. make test-storage: the storage suite (tests/storage) against it, then stops it.
S3_PORT ?= 8430
export S3_PORT
s3-server:
	.ci/s3-server start

s3-server-stop:
	.ci/s3-server stop

test-storage: install
	@started=0; curl -fsS -o /dev/null http://127.0.0.1:$(S3_PORT)/moto-api/ 2>/dev/null || started=1; \
	.ci/s3-server start >/dev/null || exit 1; \
	eval "$$(.ci/s3-server env)"; $(BIN)/python -m pytest tests/storage $(PYTEST_ARGS); status=$$?; \
	[ $$started = 1 ] && .ci/s3-server stop; exit $$status

## make replica: a PostgreSQL streaming replica of the primary (127.0.0.1:$(PRIMARY_PORT)) as a second
## cluster on 127.0.0.1:$(REPLICA_PORT) (.ci/replica; as root: it makes a Debian cluster). make replica-stop stops it.
## make test-replica: the replica suite (tests/replica) on DATABASE_URL's PostgreSQL and that replica.
PRIMARY_PORT ?= 5432
REPLICA_PORT ?= 5433
REPLICA_DB_URL = $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:$(PRIMARY_PORT)/newsroom)
export PRIMARY_PORT REPLICA_PORT
replica:
	.ci/replica start

replica-stop:
	.ci/replica stop

test-replica: install replica
	DATABASE_URL="$(REPLICA_DB_URL)" \
	DATABASE_REPLICA_URLS="$$(echo '$(REPLICA_DB_URL)' | sed -E 's#@([^/:]+):$(PRIMARY_PORT)/#@\1:$(REPLICA_PORT)/#')" \
	$(BIN)/python -m pytest tests/replica $(PYTEST_ARGS)

## make test-stack: the load-balanced test with faults (tests/stack): nginx from Debian terminating TLS in
## front of two gunicorn app servers and a task worker started from deploy/ (systemd units, gunicorn and
## nginx configurations), 2 x 1,000 comments from 100 addresses while readers load pages, one app server
## killed mid-wave and restarted, one stopped with SIGTERM; prints the counts. PostgreSQL and Redis from
## STACK_DATABASE_URL (a scratch database, made again) and STACK_CACHE_URL (emptied); ports STACK_*_PORT(S).
test-stack: install
	.ci/apt-install nginx openssl postgresql-client-15 redis-tools
	$(BIN)/python -m pytest tests/stack -p no:cacheprovider $(PYTEST_ARGS)

## make varnish: Varnish from Debian (with varnish-modules' xkey) on 127.0.0.1:$(VARNISH_PORT), running
## deploy/varnish/newsroom.vcl in front of the app on $(PORT) (make run or make serve); start the app with
## FRONT_CACHES=http://127.0.0.1:$(VARNISH_PORT)/ so that edits purge it. make varnish-stop stops it.
## make test-varnish: the front-cache suite (tests/varnish): a real varnishd in front of a gunicorn it starts,
## ports VARNISH_TEST_PORT (8110) to +2, Redis VARNISH_TEST_CACHE_URL (db 2, emptied).
VARNISH_PORT ?= 6081
VARNISH_ADMIN_PORT ?= 6082
export VARNISH_PORT VARNISH_ADMIN_PORT
varnish:
	VARNISH_BACKEND_PORT=$(PORT) .ci/varnish start

varnish-stop:
	.ci/varnish stop

test-varnish: install
	.ci/apt-install varnish varnish-modules
	$(BIN)/python -m pytest tests/varnish -p no:cacheprovider $(PYTEST_ARGS)

## make bench-capacity: per-request app and database CPU of each page type through one production app
## server (deploy/), cached and uncached, for sizing (deploy/README.md). BENCH_DATABASE_URL, BENCH_CACHE_URL.
bench-capacity: install
	$(BIN)/python bench/capacity.py

## make bench-http: the reader's pages through the production server (make serve) with wrk: article, front and
## section uncached and cached, through Varnish, and a static copy through gunicorn and nginx as floors; req/s,
## p50/p99 and server CPU ms per request (bench/README.md). BENCH_DATABASE_URL, BENCH_CACHE_URL, BENCH_HTTP_PORT.
bench-http: install
	.ci/apt-install wrk nginx varnish varnish-modules redis-tools
	$(BIN)/python bench/httpbench.py $(BENCH_ARGS)

## make bench-wpimport: import a generated 10,000-post WordPress export into PostgreSQL; time and peak memory
bench-wpimport: install
	$(BIN)/python bench/wpimport.py

## make test-wordpress: the WordPress import suite (tests/wordpress) against a real WordPress from Debian's
## packages (nginx, PHP-FPM, MariaDB; .ci/wordpress, as root) on 127.0.0.1:$(WP_PORT), database $(WP_DB):
## the REST import (--from-site) against the WXR import of the same site's own export.
WP_PORT ?= 8610
WP_DB ?= newsroom_wordpress
export WP_PORT WP_DB
test-wordpress: install
	$(BIN)/python -m pytest tests/wordpress -p no:cacheprovider $(PYTEST_ARGS)

## make bench-wpimport-rest: 10,000 posts and 100,000 comments in the local WordPress (bulk SQL), imported
## over its REST API into PostgreSQL, then the WXR import of the same site's export; time and peak memory
bench-wpimport-rest: install
	$(BIN)/python bench/wpimport_rest.py

## make bench-comments: 1,000,000 comments on PostgreSQL; time the moderation queue and the article page's comments
bench-comments: install
	$(BIN)/python bench/comments.py

## make bench (and bench-search): 100,000 articles on PostgreSQL; time search and the list pages
bench: bench-search

bench-search: install
	$(BIN)/python bench/search.py

## make messages: collect the public site's strings and write and compile its translations
## (locale/build.py; collecting needs GNU gettext, installed from Debian here). The compiled .mo
## files are committed, so running the site needs no gettext tools.
messages: install
	command -v xgettext >/dev/null || .ci/apt-install gettext
	$(BIN)/python locale/build.py

## make check-pages: serve the demo and judge every page type with real clients (../shared/realclients)
check-pages: install
	.ci/check-pages

## make test-next-django: the suite on the next Django (6.0, which needs Python 3.12+), in .venv-next,
## so that moving to it stays a version bump. PYTHON_NEXT names the interpreter.
PYTHON_NEXT ?= python3.12
NEXT_DJANGO ?= Django==6.0.10
test-next-django:
	test -x .venv-next/bin/pip || $(PYTHON_NEXT) -m venv .venv-next
	.venv-next/bin/python -m pip install --quiet -r requirements-dev.txt
	.venv-next/bin/python -m pip install --quiet "$(NEXT_DJANGO)"
	.venv-next/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .venv-next .pytest_cache
