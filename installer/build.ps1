# Build Practice Messaging for Windows: the PyInstaller bundle, its self-check, then the installer.
# Needs: Python 3.11+ (64-bit, from python.org) and Inno Setup 6 (https://jrsoftware.org/isinfo.php,
# its iscc.exe on PATH or in the default folder). Run from the repository root in PowerShell:
#     powershell -ExecutionPolicy Bypass -File installer\build.ps1
# The result is dist\installer\PracticeMessaging-Setup-<version>.exe.
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

if (-not (Test-Path .venv-build)) { py -3 -m venv .venv-build }
$py = ".venv-build\Scripts\python.exe"
& $py -m pip install --quiet --upgrade pip
& $py -m pip install --quiet . "pyinstaller>=6.10"
& $py -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build installer\practice_messaging.spec
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed" }

$version = (& $py -c "import desktop; print(desktop.__version__)").Trim()
$exe = "dist\PracticeMessaging\PracticeMessaging.exe"
# The bundle is windowed (no console): its self-check writes its report to a file.
$report = Join-Path $env:TEMP "practice-messaging-self-check.txt"
$run = Start-Process -FilePath $exe -ArgumentList "self-check", "--report", "`"$report`"" -Wait -PassThru
$said = Get-Content $report
if ($run.ExitCode -ne 0 -or $said[-1] -ne "Practice Messaging ${version}: self-check passed") {
    $said | Write-Host
    throw "The bundle's self-check failed"
}
$said | Write-Host

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" installer\practice_messaging.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Write-Host "Installer: dist\installer\PracticeMessaging-Setup-$version.exe"
