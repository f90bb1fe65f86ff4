#!/bin/sh
# sl @VERSION@ 离线安装（Linux）。用法：sh install.sh [安装位置]
# 需要 Python 3.11 或 3.12；可用环境变量 SL_PYTHON 指定解释器，SL_BIN_DIR 指定放 sl 命令的文件夹。
set -eu

KIT=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
TARGET=${1:-$DATA/shuanglian/venv}
BIN_DIR=${SL_BIN_DIR:-$HOME/.local/bin}

fits() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)' 2>/dev/null
}

PY=""
if [ -n "${SL_PYTHON:-}" ]; then
    if fits "$SL_PYTHON"; then PY=$SL_PYTHON; else echo "SL_PYTHON=$SL_PYTHON 不是 Python 3.11 或 3.12" >&2; exit 1; fi
fi
for candidate in python3.12 python3.11 python3; do
    if [ -z "$PY" ] && command -v "$candidate" >/dev/null 2>&1 && fits "$candidate"; then
        PY=$(command -v "$candidate")
    fi
done
if [ -z "$PY" ]; then
    echo "没有找到 Python 3.11 或 3.12，无法安装 sl。" >&2
    echo "请向单位信息化（IT）人员索取 Python 3.11 或 3.12（例如系统软件源里的 python3.11 软件包），" >&2
    echo "装好后重新运行：sh install.sh（或用 SL_PYTHON=/path/to/python3.11 sh install.sh 指定）" >&2
    exit 1
fi

echo "使用的 Python：$PY"
echo "安装位置：$TARGET"
if ! "$PY" -m venv "$TARGET" >/dev/null 2>&1; then
    # 没有 python3-venv / ensurepip 的系统（如部分统信、麒麟版本）：先建不带 pip 的环境，再用安装包里的 pip
    "$PY" -m venv --without-pip "$TARGET"
    PIP_WHEEL=$(ls "$KIT"/wheels/pip-*.whl | head -n 1)
    "$TARGET/bin/python" "$PIP_WHEEL/pip" install --quiet --no-index --find-links "$KIT/wheels" pip
fi
"$TARGET/bin/python" -m pip install --quiet --disable-pip-version-check --no-index \
    --find-links "$KIT/wheels" --upgrade shuanglian-cli
"$TARGET/bin/sl" --version

mkdir -p "$BIN_DIR"
ln -sf "$TARGET/bin/sl" "$BIN_DIR/sl"
echo
echo "安装完成：$BIN_DIR/sl"
case ":$PATH:" in
    *":$BIN_DIR:"*) ;;
    *) echo "注意：$BIN_DIR 不在 PATH 中。请在 ~/.bashrc 末尾加一行 export PATH=\"$BIN_DIR:\$PATH\"，重新打开终端。" ;;
esac
echo "试用：sl demo；查看全部命令：sl --help"
echo "数据库默认保存在 $DATA/shuanglian/sl.db（仅本人可读）。"
