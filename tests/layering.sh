#!/usr/bin/env bash
# The layering rule of issue 15: the numerical core (lib/) knows nothing of
# the run layer (run/). Fails, naming each offence, if a file under lib/
# includes a header of run/include/snae/, nlohmann/json or <fstream>, or if
# snae_core's link libraries name the run layer.
# Usage: layering.sh <source root> <file listing snae_core's link libraries>
set -u
root=$1
links=$2
status=0

run_headers=$(cd "$root/run/include/snae" && find . -type f | sed 's|^\./||' | sed 's/[.]/[.]/g' | paste -sd'|')
forbidden="^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"](snae/($run_headers)|nlohmann/[^>\"]*|fstream)[>\"]"
if offences=$(grep -rnE "$forbidden" "$root/lib"); then
    echo "the core includes what belongs to the run layer:"
    echo "$offences" | sed "s|^$root/||"
    status=1
fi

if [ ! -s "$links" ]; then
    echo "no link list at $links"
    status=1
elif offences=$(tr ';' '\n' < "$links" | grep -E '(^|[^A-Za-z0-9_])(snae_run|snae::run|snae::snae|snae|nlohmann_json[^ ]*)($|[^A-Za-z0-9_:])'); then
    echo "snae_core links the run layer: $(echo "$offences" | sort -u | paste -sd' ')"
    status=1
fi

[ $status -eq 0 ] && echo "layering: lib/ includes and links nothing of run/"
exit $status
