#!/usr/bin/env bash
# Mutation testing (mutmut 3) of the rules. Not part of CI: a developer tool, run by hand.
#   bash scripts/mutation.sh domain              # pos/loyalty + pos/money.py against tests/unit
#   bash scripts/mutation.sh services            # pos/services/sales + pos/services/points against tests/services
#   bash scripts/mutation.sh services 'pos.services.sales.checkout*'   # only the mutants matching a glob
#   MUTMUT_SAMPLE=20 bash scripts/mutation.sh services                 # every 20th mutant (a full run takes hours)
#   MUTMUT_SAMPLE=25 MUTMUT_SAMPLE_OFFSET=12 ...                        # another, disjoint, every-25th sample
#   MUTMUT_FRESH=1 ...                                                 # forget the cached results first
# Each target runs in its own scratch copy, build/mutation/<target>/, so the tree stays clean and the
# two targets keep separate caches (a re-run only retries what changed). The figures printed at the end
# go in docs/MUTATION.md. The services target needs POS_TEST_PG_URL (lock mutants are judged on
# PostgreSQL). MUTMUT_CHILDREN sets the worker count (default 1: it is a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=${VENV:-$root/.venv}
[[ -x $venv/bin/mutmut ]] || venv=/work/main/.venv
target=${1:?usage: scripts/mutation.sh domain|services [mutant-name-glob ...]}
shift

case $target in
  domain)
    mutate='["pos/loyalty/*", "pos/money.py"]'
    tests='["tests/unit"]' ;;
  services)
    mutate='["pos/services/sales/*", "pos/services/points/*"]'
    # the tests that sell, return and move points; test_concurrency judges the row locks on PostgreSQL
    tests='["tests/services/test_checkout.py", "tests/services/test_checkout_core_path.py",
            "tests/services/test_checkout_rules.py", "tests/services/test_checkout_race.py",
            "tests/services/test_ledger_properties.py", "tests/services/test_concurrency.py",
            "tests/services/test_receipts.py", "tests/services/test_receipt_fields.py",
            "tests/services/test_returns_fields.py", "tests/services/test_refusal_texts.py"]'
    if [[ -z "${POS_TEST_PG_URL:-}" ]]; then
      echo "ERROR: set POS_TEST_PG_URL: the services' lock mutants are only judged on PostgreSQL" >&2
      exit 1
    fi ;;
  *) echo "unknown target '$target' (domain or services)" >&2; exit 2 ;;
esac

scratch=$root/build/mutation/$target
mkdir -p "$scratch"
[[ -n "${MUTMUT_FRESH:-}" ]] && rm -rf "$scratch/mutants"
# The code and tests under test; mutants/ (mutmut's cache) is kept between runs.
rm -rf "$scratch/pos" "$scratch/tests" "$scratch/assets"
cp -r pos tests assets "$scratch/"
# The project's pyproject.toml with [tool.mutmut] replaced by this target's section.
"$venv/bin/python" - "$mutate" "$tests" > "$scratch/pyproject.toml" <<'PY'
import re, sys
text = open("pyproject.toml", encoding="utf-8").read()
text = re.sub(r"\n\[tool\.mutmut\]\n.*?(?=\n\[|\Z)", "\n", text, flags=re.S)
print(text.rstrip() + f"""

[tool.mutmut]
source_paths = ["pos"]
only_mutate = {sys.argv[1]}
also_copy = ["assets"]
pytest_add_cli_args_test_selection = {sys.argv[2]}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
""")
PY

cd "$scratch"
# mutmut puts mutants/ first on the path itself; the tree's own copy must not shadow it.
unset PYTHONPATH
export QT_QPA_PLATFORM=offscreen
children=${MUTMUT_CHILDREN:-1}
if [[ -n "${MUTMUT_SAMPLE:-}" && $# -eq 0 ]]; then
  # generate the mutants and the test map only (no name matches), then run every Nth mutant
  "$venv/bin/mutmut" run --max-children "$children" "no-such-mutant" > /dev/null || true
  # the k-th of every N by name (k = 1 + offset): samples with different offsets share no mutant
  offset=${MUTMUT_SAMPLE_OFFSET:-0}
  mapfile -t sample < <("$venv/bin/mutmut" results --all true | sed -n 's/^ *\([^:]*\): .*/\1/p' | sort \
                        | awk -v n="$MUTMUT_SAMPLE" -v k="$offset" 'NR % n == (1 + k) % n')
  echo "sample: ${#sample[@]} mutants (every ${MUTMUT_SAMPLE}th, offset $offset)" | tee sample.txt
  printf '%s\n' "${sample[@]}" >> sample.txt
  "$venv/bin/mutmut" run --max-children "$children" "${sample[@]}" || true
else
  "$venv/bin/mutmut" run --max-children "$children" "$@" || true
fi
"$venv/bin/mutmut" results --all true > results.txt || true
# The figures: only the sample's mutants when sampling (other samples' verdicts stay cached, not counted).
[[ -n "${MUTMUT_SAMPLE:-}" && $# -eq 0 ]] || rm -f sample.txt
"$venv/bin/python" - <<'PY'
import collections, os, re
wanted = None
if os.path.exists("sample.txt"):
    wanted = set(open("sample.txt", encoding="utf-8").read().split("\n")[1:]) - {""}
counts = collections.Counter()
by_file = collections.defaultdict(collections.Counter)
survivors = []
for text in open("results.txt", encoding="utf-8"):
    m = re.match(r"\s*(([\w.]+)__mutmut_\d+): (.+)", text)
    if m and (wanted is None or m.group(1) in wanted):
        mutant, name, status = m.groups()
        module = re.sub(r"\.(x|xǁ)[^.]*$", "", name)
        counts[status] += 1
        by_file[module][status] += 1
        if status == "survived":
            survivors.append(mutant)
def line(label, c):
    """caught (killed + timeout) of the mutants some selected test runs ("no tests" apart)"""
    covered = sum(v for k, v in c.items() if k not in ("not checked", "no tests"))
    caught = c["killed"] + c["timeout"]
    return f"{label}: caught {caught} of {covered} covered ({100 * caught / covered:.1f} %) {dict(c)}" if covered \
        else f"{label}: {dict(c)}"
for module in sorted(by_file):
    print(line(module, by_file[module]))
print(line("TOTAL", counts))
print("survived:", *survivors, sep="\n  ")
PY
