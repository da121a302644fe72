#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md: CPU seconds (user + sys) and peak
# resident memory of one vpcec binary on the generated programs, the minimum
# of three runs (the machines are shared, so CPU time, not wall time).
#
#   scripts/bench-process.sh BINARY [INPUTS]
#
# INPUTS defaults to $CARGO_TARGET_DIR/bench-inputs (written by
# `cargo bench --bench phases`). Prints one line per case:
#   case  cpu_seconds  peak_kb  wall_seconds
set -u
bin=${1:?usage: scripts/bench-process.sh BINARY [INPUTS]}
inputs=${2:-${CARGO_TARGET_DIR:-target}/bench-inputs}
repeats=${REPEATS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs "$@" $repeats times; prints the minimum CPU time, its peak KB and the minimum wall time.
measure() {
    local best_cpu="" best_kb="" best_wall=""
    for _ in $(seq "$repeats"); do
        rm -rf "$work/out"
        /usr/bin/time -o "$work/time" -f '%U %S %M %e' "$@" >/dev/null 2>&1
        # `time` adds a "Command exited with non-zero status" line first on failure.
        read -r user sys kb wall < <(tail -1 "$work/time")
        local cpu
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
            best_cpu=$cpu best_kb=$kb
        fi
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
            best_wall=$wall
        fi
    done
    printf '%-34s %6s %8s %6s\n' "$label" "$best_cpu" "$best_kb" "$best_wall"
}

for size in 1000 10000 100000; do
    for variant in "" "-warnings"; do
        file="$inputs/large-$size$variant.vpce"
        label="check $size$variant" measure "$bin" check "$file"
        label="build tf $size$variant" measure "$bin" build --target tf -o "$work/out" "$file"
        label="build cfn $size$variant" measure "$bin" build --target cfn -o "$work/out" "$file"
    done
done

# One example, as a pre-commit hook runs it.
example=examples/ssm-private-instances.vpce
label="check one example" measure "$bin" check "$example"
# Its CPU and wall time in milliseconds, finer than `time` shows: the mean of 50 runs.
perf stat -r 50 -x, -e task-clock "$bin" check "$example" 2>"$work/stat" >/dev/null
printf '%-34s %6s\n' "check one example, cpu ms" "$(awk -F, '/task-clock/ { printf "%.2f", $1 }' "$work/stat")"
start=$(date +%s%N)
for _ in $(seq 50); do "$bin" check "$example" >/dev/null 2>&1; done
end=$(date +%s%N)
printf '%-34s %6s\n' "check one example, wall ms" "$(awk -v n=$((end - start)) 'BEGIN { printf "%.2f", n / 50 / 1e6 }')"

# 1,000 example-sized files: copies of the examples under new stems.
mkdir -p "$work/many"
i=0
while [ $i -lt 1000 ]; do
    for f in examples/*.vpce; do
        [ $i -lt 1000 ] || break
        cp "$f" "$work/many/f$(printf %04d $i)-$(basename "$f")"
        i=$((i + 1))
    done
done
label="check DIR 1000 files, 2 cores" measure "$bin" check "$work/many"
label="check DIR 1000 files, 1 core" measure taskset -c 0 "$bin" check "$work/many"
