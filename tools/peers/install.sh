#!/bin/sh
# Installs what the peer implementations in tools/peers/ need, idempotently, as root on Debian 12:
#   Debian packages (only the missing ones; apt-get update only if something is missing) and
#   onnxruntime-node for tools/peers/onnx/ (npm ci from the committed package-lock.json, only when
#   node_modules is missing). No PyPI: the Python scripts run with Debian's /usr/bin/python3.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PKGS="python3 python3-torch libopenblas0-pthread python3-onnx python3-xgboost python3-pandas python3-numpy \
python3-sklearn python3-matplotlib python3-threadpoolctl"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing="$missing $p"; fi
done
# Node.js and npm: use what the machine has; install Debian's only when there is no node/npm at all.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
    echo "peers/install.sh: apt-get install:$missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
else
    echo "peers/install.sh: Debian packages already installed"
fi

if [ ! -d "$HERE/onnx/node_modules/onnxruntime-node" ]; then
    echo "peers/install.sh: npm ci in $HERE/onnx"
    (cd "$HERE/onnx" && npm ci --ignore-scripts --no-audit --no-fund)
else
    echo "peers/install.sh: onnx/node_modules present"
fi

# Check that everything loads (and which BLAS PyTorch is linked against).
/usr/bin/python3 - <<'EOF'
import numpy, torch, onnx, xgboost, pandas, sklearn
cfg = torch.__config__.show()
blas = [s.strip() for s in cfg.replace(',', '\n').splitlines() if 'BLAS_INFO' in s]
print(f'peers/install.sh: python OK: torch {torch.__version__} ({blas}), numpy {numpy.__version__}, onnx {onnx.__version__}, '
      f'xgboost {xgboost.__version__}, pandas {pandas.__version__}, sklearn {sklearn.__version__}')
EOF
(cd "$HERE/onnx" && node -e "const o=require('onnxruntime-node'); console.log('peers/install.sh: onnxruntime-node OK', o.env.versions.node, 'node', process.version)")
