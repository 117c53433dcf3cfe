#!/bin/sh
# shipped with the test "tasklet bundle": found through the class loader as scripts/<actor>/<action>/<name>.sh
read -r params
echo "hello from the bundle: $params"
printf '{"shipped": true}' > "$WFE_RESULT_FILE"
