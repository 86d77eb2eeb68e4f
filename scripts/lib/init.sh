# The start of every script: the project root, the installed tools, and the helper libraries.
# Sourced as: source "$(dirname "${BASH_SOURCE[0]}")/lib/init.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source scripts/setup.sh
source scripts/lib/s3.sh
source scripts/lib/jobs.sh
