#!/bin/sh
# Runs on the agent named by param 'agent' (default: the engine's own host, agent 'local').
# Params arrive as JSON on stdin; what this script writes to $WFE_RESULT_FILE becomes the job's result.
read -r params
echo "starting virtual machine: $params"
printf '{"vmstatus": "running", "host": "%s"}' "$(hostname)" > "$WFE_RESULT_FILE"
