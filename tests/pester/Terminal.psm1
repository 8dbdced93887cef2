# A real terminal for the Pester suites: pwsh (with PSReadLine, as a person gets it) in a detached tmux session of a
# given size, driven with send-keys and read with capture-pane. Every wait polls the screen for the text it expects,
# with a timeout; nothing sleeps a fixed time. Each terminal has its own tmux server (-L), so tests never share one.
# tmux is a Debian package; build.sh test installs it when it is missing, and tests report themselves skipped without it.

Set-StrictMode -Version 3

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

# What a fresh terminal starts without: every AWS setting the module reads, so each test says where its settings come from.
$script:AwsVariables = @(
    'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_REGION',
    'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_IOT', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'
)

function Test-Tmux {
    <# True when tmux can be run. #>
    [bool](Get-Command tmux -CommandType Application -ErrorAction SilentlyContinue)
}

function Invoke-Tmux {
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string[]] $Arguments)
    $out = & tmux -u -f $Terminal.Config -L $Terminal.Socket @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) { throw "tmux $($Arguments -join ' ') failed: $out" }
    $out
}

function ConvertTo-ShellWord([string] $Text) { "'" + $Text.Replace("'", "'\''") + "'" }

function Start-Terminal {
    <#
    Starts pwsh -NoProfile in a detached tmux session of -Width x -Height, with no AWS_* variable but those in
    -Environment (instance metadata disabled; shared config and credentials files /dev/null unless given), the built
    module imported from the repository, and the prompt "IoTJobsTest> ". Each prompt the terminal prints is counted, so
    the end of each command can be waited for (a prompt function's own counter would not do: the host may call it more
    than once per prompt). -Setup lines run before the first prompt. Returns the terminal (Socket, Prompt = the number
    of prompts printed so far).
    #>
    param(
        [int] $Width = 80,
        [int] $Height = 40,
        [hashtable] $Environment = @{},
        [string[]] $Setup = @(),
        [Parameter(Mandatory)] [string] $Directory
    )
    $socket = 'iotjobs-test-' + [guid]::NewGuid().ToString('N').Substring(0, 10)
    $null = New-Item -ItemType Directory -Force -Path $Directory
    $setupFile = Join-Path $Directory "$socket.setup.ps1"
    $launcher = Join-Path $Directory "$socket.launch.sh"
    $manifest = Join-Path $script:RepoRoot 'IoTJobs.psd1'
    Set-Content -Path $setupFile -Value (@(
        "Import-Module '$($manifest.Replace("'", "''"))'"
        'function global:prompt { ''IoTJobsTest> '' }'
    ) + $Setup)

    $env = [ordered]@{ AWS_EC2_METADATA_DISABLED = 'true'; AWS_CONFIG_FILE = '/dev/null'; AWS_SHARED_CREDENTIALS_FILE = '/dev/null'; AWS_PAGER = '' }
    foreach ($k in $Environment.Keys) { $env[$k] = $Environment[$k] }
    $lines = @('#!/usr/bin/env bash', "unset $($script:AwsVariables -join ' ')")
    foreach ($k in $env.Keys) { $lines += "export $k=$(ConvertTo-ShellWord $env[$k])" }
    $lines += "cd $(ConvertTo-ShellWord $Directory)"
    $pwsh = Join-Path $PSHOME 'pwsh.dll'
    $lines += "exec dotnet $(ConvertTo-ShellWord $pwsh) -NoProfile -NoLogo -NoExit -Command $(ConvertTo-ShellWord ". '$($setupFile.Replace("'", "''"))'")"
    Set-Content -Path $launcher -Value $lines

    # No status line (every row is the terminal's), and scrollback enough for a bulk run's output.
    $config = Join-Path $Directory "$socket.tmux.conf"
    Set-Content -Path $config -Value @('set -g status off', 'set -g history-limit 50000', 'set -g remain-on-exit on')

    $terminal = [pscustomobject]@{ Socket = $socket; Config = $config; Prompt = 0; Width = $Width; Height = $Height; Directory = $Directory }
    $null = Invoke-Tmux $terminal @('new-session', '-d', '-s', 'main', '-x', "$Width", '-y', "$Height", "bash $(ConvertTo-ShellWord $launcher)")
    $terminal | Add-Member -NotePropertyName SocketPath -NotePropertyValue ((Invoke-Tmux $terminal @('display-message', '-p', '#{socket_path}')) -join '')
    Wait-TerminalPrompt $terminal -Number 1 -TimeoutSeconds 60
    $terminal
}

function Stop-Terminal {
    <# Ends the terminal's tmux server (and so its pwsh), and removes the server's socket file. #>
    param($Terminal)
    if (-not $Terminal) { return }
    & tmux -L $Terminal.Socket kill-server 2>$null | Out-Null
    if ($Terminal.PSObject.Properties['SocketPath'] -and $Terminal.SocketPath -and (Test-Path -LiteralPath $Terminal.SocketPath)) {
        Remove-Item -LiteralPath $Terminal.SocketPath -Force -ErrorAction SilentlyContinue
    }
}

function Get-TerminalScreen {
    <#
    The screen as text. -History includes the scrollback; -Join joins lines the terminal wrapped (for matching long
    command lines); without either it is exactly the visible rows, as wide as the terminal.
    #>
    param([Parameter(Mandatory)] $Terminal, [switch] $History, [switch] $Join)
    $arguments = @('capture-pane', '-p', '-t', 'main')
    if ($Join) { $arguments += '-J' }
    if ($History) { $arguments += @('-S', '-20000') }
    (Invoke-Tmux $Terminal $arguments) -join "`n"
}

function Send-TerminalText {
    <# Types text literally (no key names), as a person would. #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Text)
    $null = Invoke-Tmux $Terminal @('send-keys', '-t', 'main', '-l', '--', $Text)
}

function Send-TerminalKey {
    <# Presses keys by tmux name: Enter, Tab, C-c, ... #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string[]] $Key)
    $null = Invoke-Tmux $Terminal (@('send-keys', '-t', 'main') + $Key)
}

function Wait-TerminalText {
    <#
    Polls the screen (scrollback included, wrapped lines joined) until -Pattern (a regex) matches; returns the screen.
    On timeout it throws with the screen, so a failure shows what the terminal showed.
    #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Pattern, [double] $TimeoutSeconds = 30, [switch] $Visible)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $screen = if ($Visible) { Get-TerminalScreen $Terminal } else { Get-TerminalScreen $Terminal -History -Join }
        if ($screen -match $Pattern) { return $screen }
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "The terminal did not show /$Pattern/ within $TimeoutSeconds s. It showed:`n$screen"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Get-PromptIndex {
    <#
    Where each printed prompt starts in a screen. The host starts every prompt on a new row, so in a screen captured
    row by row a prompt is at a row's start; in a joined screen a prompt may follow a row the terminal wrapped (after
    Ctrl+C, PSReadLine pads the line to the edge), so there it is found anywhere.
    #>
    param([string] $Screen, [switch] $Joined)
    # capture-pane drops trailing spaces: an empty prompt row reads "IoTJobsTest>".
    $pattern = if ($Joined) { '(?m)IoTJobsTest>(?: |$)' } else { '(?m)^IoTJobsTest>(?: |$)' }
    @([regex]::Matches($Screen, $pattern) | ForEach-Object Index)
}

function Wait-TerminalPrompt {
    <# Waits until the terminal has printed prompt number -Number (the next one by default), and records it as current. #>
    param([Parameter(Mandatory)] $Terminal, [int] $Number = $Terminal.Prompt + 1, [double] $TimeoutSeconds = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $screen = Get-TerminalScreen $Terminal -History
        if (@(Get-PromptIndex $screen).Count -ge $Number) { break }
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "The terminal did not print prompt $Number within $TimeoutSeconds s. It showed:`n$screen"
        }
        Start-Sleep -Milliseconds 100
    }
    $Terminal.Prompt = $Number
}

function Get-TerminalInputLine {
    <# What is typed after the current prompt, trailing spaces removed. Use a terminal wide enough for the line. #>
    param([Parameter(Mandatory)] $Terminal)
    $screen = Get-TerminalScreen $Terminal -History
    $at = @(Get-PromptIndex $screen)
    if ($at.Count -lt $Terminal.Prompt) { throw "Prompt $($Terminal.Prompt) is not on the screen:`n$screen" }
    $text = $screen.Substring($at[$Terminal.Prompt - 1] + 'IoTJobsTest>'.Length)
    $line = (($text -split "`n")[0]).TrimEnd()
    if ($line.StartsWith(' ')) { $line = $line.Substring(1) }
    $line
}

function Wait-TerminalInputLine {
    <# Polls until the input line after the current prompt is exactly -Expected; returns it, or throws with the screen. #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Expected, [double] $TimeoutSeconds = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ($true) {
        $line = Get-TerminalInputLine $Terminal
        if ($line -ceq $Expected) { return $line }
        if ([DateTime]::UtcNow -gt $deadline) {
            throw "The input line was '$line', not '$Expected', after $TimeoutSeconds s. Screen:`n$(Get-TerminalScreen $Terminal -History)"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Invoke-TerminalCommand {
    <# Types a command and Enter, then waits for the next prompt; returns what the terminal showed from the command's prompt on. #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [string] $Command, [double] $TimeoutSeconds = 60)
    $from = $Terminal.Prompt
    Send-TerminalText $Terminal $Command
    Send-TerminalKey $Terminal Enter
    Wait-TerminalPrompt $Terminal -TimeoutSeconds $TimeoutSeconds
    Get-TerminalOutput $Terminal -From $from
}

function Get-TerminalOutput {
    <#
    The scrollback from prompt number -From (its command line included) up to the current prompt, or to the end of the
    screen while a command still runs. -Join joins wrapped lines.
    #>
    param([Parameter(Mandatory)] $Terminal, [Parameter(Mandatory)] [int] $From, [switch] $Join)
    $screen = Get-TerminalScreen $Terminal -History -Join:$Join
    $at = @(Get-PromptIndex $screen -Joined:$Join)
    if ($From -lt 1 -or $at.Count -lt $From) { return $screen }
    $start = $at[$From - 1]
    $end = if ($at.Count -gt $From) { $at[[Math]::Min($Terminal.Prompt, $at.Count) - 1] } else { $screen.Length }
    if ($end -le $start) { $end = $screen.Length }
    $screen.Substring($start, $end - $start)
}

function Save-TerminalScreen {
    <# Keeps a screen for the record: out/test-results/terminal/<Name>.txt (CI keeps the results folder). #>
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Screen)
    $dir = Join-Path $script:RepoRoot 'out/test-results/terminal'
    $null = New-Item -ItemType Directory -Force -Path $dir
    # Trailing blank rows of the pane carry nothing.
    Set-Content -Path (Join-Path $dir "$Name.txt") -Value ($Screen -replace '(\r?\n\s*)+$', '')
}

Export-ModuleMember -Function Test-Tmux, Start-Terminal, Stop-Terminal, Get-TerminalScreen, Send-TerminalText, Send-TerminalKey,
    Wait-TerminalText, Wait-TerminalPrompt, Get-TerminalInputLine, Wait-TerminalInputLine, Invoke-TerminalCommand,
    Get-TerminalOutput, Save-TerminalScreen
