<#
.SYNOPSIS
Brings the help Markdown in module/help up to date with the real module: rewrites each parameter's yaml block from
the cmdlet's own metadata, adds a stub section for a parameter the Markdown lacks, and re-runs every example against a
freshly seeded emulator, replacing its output block with what the command printed.

.DESCRIPTION
Run it after changing a cmdlet's parameters or behaviour, in a fresh pwsh (a binary module cannot be reloaded), after
`./build.sh build`:

    dotnet pwsh -NoProfile -File module/help/Update-HelpSource.ps1            # every cmdlet
    dotnet pwsh -NoProfile -File module/help/Update-HelpSource.ps1 -Name Stop-IoTJob -MetadataOnly

Then review the diff (`git diff module/help`), fill in any "{{ Describe -X }}" stub, and build again. Examples whose
code fence is ```powershell are run; a fence such as ```powershell norun is left alone. Nothing here leaves the machine:
the emulator listens on 127.0.0.1 with fake credentials.
#>
param(
    [string[]] $Name = '*',
    [switch] $MetadataOnly
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module (Join-Path $root 'IoTJobs.psd1') -Force
Import-Module (Join-Path $PSScriptRoot 'HelpTools.psm1') -Force
Import-Module (Join-Path $root 'tests/pester/TestHelpers.psm1') -Force

function Format-Yaml([System.Collections.IDictionary] $Meta, [System.Collections.IDictionary] $Old) {
    # Defaults are not in the cmdlet's metadata: keep what the author wrote.
    $default = if ($Old -and $Old['Default value']) { $Old['Default value'] } else { 'None' }
    $out = @('```yaml')
    foreach ($key in $Meta.Keys) {
        if ($key -eq 'Required') { $out += '' }
        $out += "${key}: $($Meta[$key])"
        if ($key -eq 'Position') { $out += "Default value: $default" }
    }
    $out + '```'
}

function Update-Metadata($Path, $Command, [string[]] $OnlyGroups, [switch] $NoStubs) {
    $doc = Read-HelpMarkdown $Path
    $expected = @{}
    foreach ($m in Get-HelpParameterMetadata $Command) { $expected[$m.Name] = $m.Metadata }
    $lines = [System.Collections.Generic.List[string]]::new([string[]]$doc.Lines)
    # Bottom-up, so earlier line numbers stay valid.
    $sections = @($doc.Parameters | Where-Object { -not $OnlyGroups -or $_.Group -in $OnlyGroups })
    for ($k = 0; $k -lt $sections.Count; $k++) {
        # Where a section without a yaml block ends: the next heading (a section that is only a heading borrows
        # CommonParameters.md's text and metadata and is left alone).
        $end = $lines.Count
        for ($j = $sections[$k].Line; $j -lt $lines.Count; $j++) { if ($lines[$j] -match '^#{2,3} ') { $end = $j; break } }
        $sections[$k] | Add-Member -NotePropertyName SectionEnd -NotePropertyValue $end -Force
    }
    foreach ($p in ($sections | Sort-Object Line -Descending)) {
        if (-not $expected.ContainsKey($p.Name)) { Write-Warning "$Path documents -$($p.Name), which $($Command.Name) does not have."; continue }
        $yaml = [string[]](Format-Yaml $expected[$p.Name] $p.Metadata)
        if ($null -ne $p.YamlStart) {
            $lines.RemoveRange($p.YamlStart, $p.YamlEnd - $p.YamlStart + 1)
            $lines.InsertRange($p.YamlStart, $yaml)
        }
        elseif ($p.Text.Trim()) {
            $at = $p.SectionEnd
            while ($at -gt $p.Line -and $lines[$at - 1].Trim() -eq '') { $at-- }
            $lines.InsertRange($at, [string[]](@('') + $yaml))
        }
    }
    $documented = @($doc.Parameters | ForEach-Object Name)
    if (-not $NoStubs) {
        $common = @((Read-HelpMarkdown (Join-Path $PSScriptRoot 'CommonParameters.md')).Parameters | Where-Object Group -eq 'IOTJOBS PARAMETERS' | ForEach-Object Name)
        $missing = @($expected.Keys | Where-Object { $_ -notin $documented -and $_ -notin $common } | Sort-Object)
        if ($missing) {
            $at = $lines.IndexOf('## INPUTS')
            if ($at -lt 0) { $at = $lines.Count }
            foreach ($name in $missing) {
                Write-Warning "$Path lacked -${name}: added a stub section to fill in."
                $stub = @("### -$name", "{{ Describe -$name }}", '') + (Format-Yaml $expected[$name] $null) + ''
                $lines.InsertRange($at, [string[]]$stub); $at += $stub.Count
            }
        }
    }
    Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
}

function Update-Examples($Path, $Ran) {
    $doc = Read-HelpMarkdown $Path
    $outputs = @{}
    foreach ($k in $Ran.Keys) { $outputs[[int]$k] = $Ran[$k] }
    $lines = [System.Collections.Generic.List[string]]::new([string[]]$doc.Lines)
    foreach ($ex in ($doc.Examples | Where-Object { $outputs.ContainsKey($_.Line) } | Sort-Object Line -Descending)) {
        $block = @('```output') + @($outputs[$ex.Line] -split "`n") + '```'
        if ($null -ne $ex.OutputStart) {
            $lines.RemoveRange($ex.OutputStart, $ex.OutputEnd - $ex.OutputStart + 1)
            $lines.InsertRange($ex.OutputStart, [string[]]$block)
        }
        else {
            # Right after the example's code block.
            $codeEnd = $ex.Line
            $inCode = $false
            for ($i = $ex.Line; $i -lt $lines.Count; $i++) {
                if ($lines[$i] -match '^```') { if ($inCode) { $codeEnd = $i; break } else { $inCode = $true } }
            }
            $lines.InsertRange($codeEnd + 1, [string[]](@('') + $block))
        }
    }
    Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
}

$files = @(Get-ChildItem -Path $PSScriptRoot -Filter '*-*.md' | Where-Object { $n = $_.BaseName; @($Name | Where-Object { $n -like $_ }).Count })
foreach ($file in $files) {
    $command = Get-Command $file.BaseName -Module IoTJobs -ErrorAction SilentlyContinue
    if (-not $command) { Write-Warning "$($file.Name): the module has no cmdlet $($file.BaseName)."; continue }
    Write-Host "$($file.Name): parameters"
    Update-Metadata $file.FullName $command
}
# The shared text's metadata, from a cmdlet that has them all (every cmdlet has the IoTJobs ones; Stop-* the ShouldProcess ones).
Update-Metadata (Join-Path $PSScriptRoot 'CommonParameters.md') (Get-Command Stop-IoTJobExecution -Module IoTJobs) -NoStubs

if (-not $MetadataOnly) {
    $emu = Start-TestEmulator
    try {
        $groups = [ordered]@{}
        foreach ($file in $files) {
            $code = [ordered]@{}
            foreach ($ex in (Read-HelpMarkdown $file.FullName).Examples) { if ($ex.Fence -eq 'powershell') { $code[[string]$ex.Line] = $ex.Code } }
            $groups[$file.Name] = $code
        }
        Write-Host "Running the examples of $($files.Count) file(s)"
        $ran = Invoke-HelpExampleSet -Groups $groups -Endpoint $emu.Endpoint -ModulePath (Join-Path $root 'IoTJobs.psd1')
        foreach ($file in $files) {
            if ($ran.Contains($file.Name)) { Update-Examples $file.FullName $ran[$file.Name] }
        }
    }
    finally { Stop-TestEmulator $emu }
}
