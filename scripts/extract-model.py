#!/usr/bin/env python3
"""Writes src/api/model/codedeploy.json: botocore's CodeDeploy service model without its
documentation strings, plus its paginators. Run it again when botocore's model changes."""
import gzip, json, os, sys
import botocore

root = os.path.join(os.path.dirname(botocore.__file__), 'data', 'codedeploy', '2014-10-06')
model = json.load(gzip.open(os.path.join(root, 'service-2.json.gz')))
paginators = json.load(open(os.path.join(root, 'paginators-1.json')))['pagination']

def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in ('documentation', 'documentationUrl')}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node

out = {
    'metadata': model['metadata'],
    'operations': {name: {k: v for k, v in strip(op).items() if k in ('name', 'input', 'output', 'errors', 'deprecated')}
                   for name, op in model['operations'].items()},
    'shapes': strip(model['shapes']),
    'paginators': paginators,
}
target = os.path.join(os.path.dirname(__file__), '..', 'src', 'api', 'model', 'codedeploy.json')
with open(target, 'w') as f:
    json.dump(out, f, indent=1, sort_keys=True)
    f.write('\n')
print(f'wrote {target}: {len(out["operations"])} operations, {len(out["shapes"])} shapes', file=sys.stderr)
