#!/bin/sh
# Runs on an agent for the action @NAME@.run (see @CLASS@.java). Its params arrive as one JSON line on
# stdin; what it prints goes to the job's log; the JSON object it writes to $WFE_RESULT_FILE becomes the
# result; a non-zero exit code fails the job.
read -r params
echo "@NAME@.run on $(hostname) as $(id -un): $params"
printf '{"host": "%s", "user": "%s"}' "$(hostname)" "$(id -un)" > "$WFE_RESULT_FILE"
