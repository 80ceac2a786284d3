#!/usr/bin/env bash
# Runs every test of Clavis. Installs what the tests need when it is missing (Debian, as root
# or with sudo), builds once, then runs each test project. Exit status: 0 only if all pass.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests drive as real parts (later issues add python3-pykmip, postgresql, softhsm2);
# dnsmasq-base is the DNS server the client SDK's SRV discovery tests run on loopback.
packages=(python3-pykmip dnsmasq-base)
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

command -v dotnet >/dev/null || { echo "test.sh: the .NET SDK (dotnet) is required" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "test.sh: building"
dotnet build Clavis.slnx -c Release -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  echo "test.sh: testing $(basename "$(dirname "$project")")"
  dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=minimal" 2>&1 | tee -a "$log" || status=1
done

# One closing line in the plain form CI reads: the totals over every test project.
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
[ "$failed" -eq 0 ] || status=1
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit $status
