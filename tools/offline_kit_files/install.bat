@echo off
chcp 936 >nul
setlocal EnableExtensions
rem sl @VERSION@ 离线安装（Windows）。用法：双击运行，或 install.bat [安装位置]
rem 本文件按 GBK 保存：中文 Windows 的命令提示符按 GBK（代码页 936）读取批处理文件。

set "KIT=%~dp0"
set "TARGET=%~1"
if "%TARGET%"=="" set "TARGET=%LOCALAPPDATA%\shuanglian\venv"

set "PY="
call :find_python
if not defined PY if not "@INSTALLER@"=="" if exist "%KIT%@INSTALLER@" (
    echo 本机没有 Python 3.11 或 3.12，现在用安装包里的 Python 安装程序为当前用户安装……
    "%KIT%@INSTALLER@" /passive InstallAllUsers=0 PrependPath=1 Include_test=0
    call :find_python
)
if not defined PY (
    echo.
    echo 没有找到 Python 3.11 或 3.12，无法安装 sl。
    echo 请向单位信息化（IT）人员索取 Python 3.11 或 3.12 的 Windows 64 位安装程序
    echo （文件名形如 python-3.12.x-amd64.exe），安装时勾选“Add python.exe to PATH”，
    echo 装好后重新运行本脚本。
    goto :fail
)

echo 使用的 Python：%PY%
echo 安装位置：%TARGET%
%PY% -m venv "%TARGET%"
if errorlevel 1 goto :fail
"%TARGET%\Scripts\python.exe" -m pip install --no-index --find-links "%KIT%wheels" --upgrade shuanglian-cli
if errorlevel 1 goto :fail
"%TARGET%\Scripts\sl.exe" --version
if errorlevel 1 goto :fail

rem 把 sl 所在文件夹加入当前用户的 PATH（PowerShell 写入，不受 setx 的 1024 字符限制）
set "SL_SCRIPTS=%TARGET%\Scripts"
powershell -NoProfile -ExecutionPolicy Bypass -Command "$p = [Environment]::GetEnvironmentVariable('Path', 'User'); if (-not $p) { $p = '' }; if (($p -split ';') -notcontains $env:SL_SCRIPTS) { [Environment]::SetEnvironmentVariable('Path', ($env:SL_SCRIPTS + ';' + $p).TrimEnd(';'), 'User') }" >nul 2>&1
if errorlevel 1 (
    echo 未能把 sl 加入 PATH；以后请用完整路径运行："%TARGET%\Scripts\sl.exe"
)

echo.
echo 安装完成。
echo 以后使用：打开一个新的“命令提示符”窗口，输入
echo     sl demo           生成演示数据库试用
echo     sl --help         查看全部命令
echo 数据库默认保存在 %LOCALAPPDATA%\shuanglian\sl.db（只有本用户和管理员能读取）。
echo 也可以不经 PATH 直接运行："%TARGET%\Scripts\sl.exe"
goto :end

:find_python
rem Python 启动器 py，然后 PATH 上的 python，然后常见的安装位置
for %%V in (3.12 3.11) do (
    if not defined PY (
        py -%%V -c "import sys" >nul 2>&1 && set "PY=py -%%V"
    )
)
if not defined PY (
    python -c "import sys; sys.exit(0 if sys.version_info[:2] in ((3, 11), (3, 12)) else 1)" >nul 2>&1 && set "PY=python"
)
for %%V in (312 311) do (
    if not defined PY if exist "%LOCALAPPDATA%\Programs\Python\Python%%V\python.exe" set "PY="%LOCALAPPDATA%\Programs\Python\Python%%V\python.exe""
    if not defined PY if exist "%ProgramFiles%\Python%%V\python.exe" set "PY="%ProgramFiles%\Python%%V\python.exe""
)
exit /b 0

:fail
echo.
echo 安装没有完成，请把上面的信息发给信息化人员。
pause
exit /b 1

:end
pause
exit /b 0
