#!/bin/bash
# AfterInstall: generate the runtime configuration from the installed app.conf and the
# deployment's variables, and publish what is deployed where.
set -eo pipefail
echo "Running AfterInstall hook..."
greeting=$(sed -n 's/^greeting=//p' etc/app.conf)
cat > etc/runtime.env <<CONF
GREETING='${greeting}'
DEPLOYMENT_ID='${DEPLOYMENT_ID}'
DEPLOY_TIME='$(date -u +"%Y-%m-%dT%H:%M:%SZ")'
CONF
chmod 600 etc/runtime.env
echo "${DEPLOYMENT_ID}" > www/deployment.txt
echo "Application configured for deployment ${DEPLOYMENT_ID}."
exit 0
