# lib.sh - tests/integration/agent_lib.sh sources "$(dirname "$0")/lib.sh";
# for the scripts in tests/powerloss that is this file, which hands over to
# the integration tests' lib.sh.
. "$(dirname "$0")/../integration/lib.sh"
