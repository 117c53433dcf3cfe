#!/bin/sh
# Runs on the agent named by param 'agent' (default 'local'); params arrive as JSON on stdin.
read -r params
echo "stopping virtual machine: $params"
printf '{"vmstatus": "stopped", "host": "%s"}' "$(hostname)" > "$WFE_RESULT_FILE"
