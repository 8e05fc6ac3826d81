#!/usr/bin/env bash
# What termlens needs from the operating system, installed when missing (Debian and Ubuntu).
#
#   scripts/system-packages.sh build   what `npm ci` needs: the compilers for nodejieba and better-sqlite3
#   scripts/system-packages.sh test    that, plus what the tests run against: Chromium and CJK fonts
#                                       (the review page and the screenshots the tests render),
#                                       redis-server (each queue test starts its own) and a
#                                       PostgreSQL server with the tests' role and database
#
# As root it installs what is missing with apt-get and starts PostgreSQL when it is installed but
# not running. As anyone else it changes nothing: when something is missing it stops at once
# with the one command that would install it. `npm test` runs it first (the `pretest` script),
# so a test run never passes by skipping what it could not run.
set -euo pipefail

want="${1:-test}"
case "$want" in build | test) ;; *) echo "usage: $0 build|test" >&2; exit 2 ;; esac

# The store tests' PostgreSQL (tests/integration/helpers/store-backends.ts reads the same variable).
TEST_DATABASE_URL="${TERMLENS_TEST_DATABASE_URL:-postgres://termlens_test:termlens_test@127.0.0.1:5432/termlens_test}"

packages=()
need() { packages+=("$@"); }

for tool in python3 make g++; do
  command -v "$tool" >/dev/null || need "$tool"
done

if [ "$want" = test ]; then
  [ -x /usr/bin/chromium ] || need chromium
  # The tests render Chinese pages in Chromium and read them back with OCR: without CJK fonts
  # every character is a box. The sample pages use these three families.
  # (Read into a variable first: `fc-list | grep -q` fails under pipefail when grep stops early.)
  fonts="$(fc-list : family 2>/dev/null || true)"
  grep -qi 'noto sans cjk' <<<"$fonts" || need fonts-noto-cjk fontconfig
  grep -qi 'wenquanyi zen hei' <<<"$fonts" || need fonts-wqy-zenhei
  grep -qi 'ar pl uming' <<<"$fonts" || need fonts-arphic-uming
  command -v redis-server >/dev/null || need redis-server
  command -v pg_ctlcluster >/dev/null || need postgresql postgresql-client
fi

is_root() { [ "$(id -u)" = 0 ]; }

if [ "${#packages[@]}" -gt 0 ]; then
  if ! is_root; then
    echo "termlens: missing system packages; install them with:" >&2
    echo "  sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
  echo "termlens: installing ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

[ "$want" = build ] && exit 0

# ── PostgreSQL: a running server, and the tests' role and database in it ─────────────────────
db_answers() { psql "$TEST_DATABASE_URL" -qAtc 'select 1' >/dev/null 2>&1; }

if ! db_answers; then
  if ! is_root; then
    echo "termlens: the store tests need PostgreSQL at $TEST_DATABASE_URL; as root, run $0 test" >&2
    echo "  (or point TERMLENS_TEST_DATABASE_URL at a database the tests may create schemas in)" >&2
    exit 1
  fi
  # A cluster that is installed but not running (no systemd in containers) is started; a machine
  # without any cluster gets the distribution's default one.
  port=$(sed -E 's#^[^@]*@[^:/]+:([0-9]+)/.*#\1#; t; s#.*#5432#' <<<"$TEST_DATABASE_URL")
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    pg_createcluster -p "$port" "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
  fi
  pg_lsclusters -h | while read -r version cluster _port status _rest; do
    case "$status" in online*) ;; *) pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start ;; esac
  done
  for _ in $(seq 1 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
  # The role logs in with a password, so the distribution's default pg_hba.conf (scram over
  # TCP) lets it in without editing anything; a trust setup ignores the password.
  role=$(sed -E 's#^postgres(ql)?://([^:]+):([^@]+)@.*#\2#' <<<"$TEST_DATABASE_URL")
  password=$(sed -E 's#^postgres(ql)?://([^:]+):([^@]+)@.*#\3#' <<<"$TEST_DATABASE_URL")
  database=$(sed -E 's#^.*/([^/?]+)(\?.*)?$#\1#' <<<"$TEST_DATABASE_URL")
  as_postgres() { runuser -u postgres -- psql -qAt -v ON_ERROR_STOP=1 "$@"; }
  if [ "$(as_postgres -c "select 1 from pg_roles where rolname = '$role'")" != 1 ]; then
    as_postgres -c "create role \"$role\" login password '$password'"
  fi
  if [ "$(as_postgres -c "select 1 from pg_database where datname = '$database'")" != 1 ]; then
    as_postgres -c "create database \"$database\" owner \"$role\""
  fi
  if ! db_answers; then
    echo "termlens: PostgreSQL is running but $TEST_DATABASE_URL still refuses the tests (see pg_hba.conf)" >&2
    exit 1
  fi
fi
