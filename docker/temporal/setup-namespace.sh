#!/bin/sh
# Prepares the Temporal namespace Settle runs in, with the `temporal` CLI of the
# temporalio/admin-tools image, once the server answers:
#   1. creates the namespace if it does not exist (the temporalio/server image creates
#      none; retention from TEMPORAL_NAMESPACE_RETENTION);
#   2. registers Settle's custom search attributes in it. Workflows set them on start,
#      and the server rejects a workflow whose search attributes are not registered, so
#      the api and the worker start only after this has succeeded.
#
# Idempotent, so compose runs it on every `up`: an existing namespace is left as it is,
# and on SQL visibility the server skips search attributes that already exist (the CLI
# refuses only one that exists with a different type, which needs a person).
# The CLI reads the server's address from TEMPORAL_ADDRESS.
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${TEMPORAL_NAMESPACE_RETENTION:-720h}
MAX_ATTEMPTS=${SETUP_MAX_ATTEMPTS:-60}

# retry DESCRIPTION COMMAND...: runs COMMAND until it succeeds, 5 s apart.
retry() {
  description=$1
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "gave up after $MAX_ATTEMPTS attempts: $description" >&2
      return 1
    fi
    echo "not yet: $description ($attempt/$MAX_ATTEMPTS)"
    attempt=$((attempt + 1))
    sleep 5
  done
}

namespace_exists() {
  temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1
}

ensure_namespace() {
  namespace_exists || temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
}

# NAME:TYPE of each search attribute Settle's workflows set.
SEARCH_ATTRIBUTES="SettleMerchantId:Keyword SettleCustomerId:Keyword SettleInvoiceNumber:Keyword"
SEARCH_ATTRIBUTES="$SEARCH_ATTRIBUTES SettleInvoiceStatus:Keyword SettleDueDate:Datetime SettleAmountDue:Int"
SEARCH_ATTRIBUTES="$SEARCH_ATTRIBUTES SettleProblem:Keyword"

register_search_attributes() {
  set --
  for attribute in $SEARCH_ATTRIBUTES; do
    set -- "$@" --name "${attribute%%:*}" --type "${attribute#*:}"
  done
  temporal operator search-attribute create --namespace "$NAMESPACE" "$@"
}

# Fails unless every attribute is listed in the namespace.
search_attributes_listed() {
  listed=$(temporal operator search-attribute list --namespace "$NAMESPACE")
  for attribute in $SEARCH_ATTRIBUTES; do
    if ! printf '%s\n' "$listed" | grep -qw "${attribute%%:*}"; then
      echo "search attribute ${attribute%%:*} is not listed in $NAMESPACE" >&2
      return 1
    fi
  done
}

retry "Temporal at $TEMPORAL_ADDRESS is healthy" temporal operator cluster health
retry "namespace $NAMESPACE exists" ensure_namespace
retry "search attributes registered in $NAMESPACE" register_search_attributes
search_attributes_listed
echo "namespace $NAMESPACE is ready; search attributes: $SEARCH_ATTRIBUTES"
