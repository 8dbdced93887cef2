# Part of IoTJobs: a nested module of IoTJobs.psd1, run once as IoTJobs is imported (before its cmdlets reach the session).
# When one of IoTJobs' command names already runs another module's command (AWS.Tools.IoT: PowerShell command names
# ignore case), it writes one warning saying which module each name runs after the import, how to reach the other, and
# how to silence the warning. about_IoTJobs (BESIDE AWS.TOOLS) is the user's side of this. It defines and exports nothing.
#
# PowerShell applies Import-Module's -WarningAction to Import-Module's own messages only, never to a module script's, so
# the import statement is read for it (and for -Prefix, -NoClobber and -Cmdlet, which decide what will clash), and the
# caller's $WarningPreference is looked up along the call stack: the module script itself only sees the global one.

# Top-level code without Set-StrictMode, and few cmdlets until a clash is found: this runs on every import, and
# PowerShell's first calls are slow (a clash-free cold import costs about 80 ms more with this file than without).
if ("$env:IOTJOBS_SUPPRESS_CLASH_WARNING".Trim() -in 'true', '1') { return }

# The manifest beside this file (the installed layout) or one folder up (module/ in a clone).
$manifestPath = [System.IO.Path]::Combine($PSScriptRoot, 'IoTJobs.psd1')
if (-not [System.IO.File]::Exists($manifestPath)) { $manifestPath = [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($PSScriptRoot), 'IoTJobs.psd1') }
if (-not [System.IO.File]::Exists($manifestPath)) { return }
$moduleName = [System.IO.Path]::GetFileNameWithoutExtension($manifestPath)
$ourNames = @((Import-PowerShellDataFile -LiteralPath $manifestPath).CmdletsToExport)
# Other loaded modules' commands of these names: a cmdlet loses the name to IoTJobs' (among cmdlets the module imported
# last wins); a function or alias keeps it (it outranks any cmdlet). Get-Module, not Get-Command: during an import
# Get-Command -ListImported took about 200 ms.
$resolve = {
    param([string[]] $Names)
    foreach ($other in Get-Module) {
        if ($other.Name -eq $moduleName) { continue }
        $exported = $other.ExportedCommands   # built afresh on each read: AWSPowerShell.NetCore exports thousands
        foreach ($name in $Names) { if ($exported.ContainsKey($name)) { $exported[$name] } }
    }
}
if (-not (& $resolve $ourNames)) { return }   # the usual case, kept cheap: nothing to say

$Language = 'System.Management.Automation.Language'
$callerFrames = @(Get-PSCallStack | Where-Object { $_.ScriptName -ne $PSCommandPath })
# A variable as the code that imports IoTJobs sees it: the nearest frame that defines it, else the global one.
$callerVariable = {
    param([string] $Name)
    foreach ($frame in $callerFrames) {
        try { $vars = $frame.GetFrameVariables() } catch { continue }
        if ($vars.ContainsKey($Name)) { return $vars[$Name].Value }
    }
    Get-Variable -Name $Name -Scope Global -ValueOnly -ErrorAction Ignore
}
$valueOf = {
    param($Ast, $Constant)
    if ($null -ne $Constant) { return $Constant }
    if ($Ast -is "$Language.VariableExpressionAst") { return & $callerVariable $Ast.VariablePath.UserPath }
    if ($Ast -is "$Language.ExpressionAst") { try { return $Ast.SafeGetValue() } catch { return $null } }
    $null
}
$ourPaths = @((Split-Path -Parent $manifestPath), $manifestPath)
$namesUs = {
    param($Value)
    if ($null -eq $Value) { return $true }   # not known before it runs (-ModuleInfo, an expression): take it as this import
    foreach ($item in @($Value)) {
        $text = if ($item -is [System.Collections.IDictionary]) { [string]$item['ModuleName'] } else { [string]$item }
        if ([System.IO.Path]::GetFileNameWithoutExtension($text.TrimEnd('/', '\')) -eq $moduleName) { return $true }
        $full = try { [System.IO.Path]::GetFullPath($text, (Get-Location -PSProvider FileSystem).ProviderPath).TrimEnd('/', '\') } catch { '' }
        if ($full -in $ourPaths) { return $true }
    }
    $false
}

# Import-Module's parameters, when the statement that loads IoTJobs is an Import-Module naming it (not #Requires,
# autoloading or another module's RequiredModules: then the defaults hold).
$request = @{ WarningAction = $null; Prefix = ''; NoClobber = $false; Cmdlet = @() }
$statement = if ($MyInvocation.PSObject.Properties['Statement']) { $MyInvocation.Statement } elseif ($callerFrames) { $callerFrames[0].Position.Text }
$imports = if ($statement) {
    [System.Management.Automation.Language.Parser]::ParseInput($statement, [ref]$null, [ref]$null).FindAll({
            param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -match '^((Microsoft\.PowerShell\.Core\\)?Import-Module|ipmo)$' }, $true)
}
foreach ($command in @($imports)) {
    $given = @{}
    foreach ($pair in [System.Management.Automation.Language.StaticParameterBinder]::BindCommand($command, $true).BoundParameters.GetEnumerator()) {
        $given[$pair.Key] = & $valueOf $pair.Value.Value $pair.Value.ConstantValue
    }
    foreach ($splat in $command.CommandElements | Where-Object { $_ -is "$Language.VariableExpressionAst" -and $_.Splatted }) {
        $table = & $callerVariable $splat.VariablePath.UserPath
        if ($table -is [System.Collections.IDictionary]) { foreach ($key in $table.Keys) { $given[$(if ($key -eq 'wa') { 'WarningAction' } else { "$key" })] = $table[$key] } }
    }
    $target = if ($given.ContainsKey('Name')) { $given['Name'] } elseif ($given.ContainsKey('FullyQualifiedName')) { $given['FullyQualifiedName'] } else { $null }
    if (-not (& $namesUs $target)) { continue }
    foreach ($key in 'WarningAction', 'Prefix', 'NoClobber', 'Cmdlet') { if ($given.ContainsKey($key) -and $null -ne $given[$key]) { $request[$key] = $given[$key] } }
    break
}
$preference = ($request.WarningAction ?? (& $callerVariable 'WarningPreference')) -as [System.Management.Automation.ActionPreference]
if ($null -eq $preference) { $preference = 'Continue' }
if ($preference -in 'SilentlyContinue', 'Ignore') { return }
# -NoClobber imports none of the names the session already has: nothing of IoTJobs hides or is hidden.
if ([bool]$request.NoClobber) { return }

# The names IoTJobs is about to bring, as -Cmdlet and -Prefix change them.
$patterns = @($request.Cmdlet | Where-Object { $_ })
$names = foreach ($name in $ourNames) {
    if ($patterns -and -not ($patterns | Where-Object { $name -like $_ })) { continue }
    $verb, $noun = $name -split '-', 2
    "$verb-$($request.Prefix)$noun"
}
$clashes = @(if ($names) { & $resolve $names | Sort-Object ModuleName, Name })
if (-not $clashes) { return }

$ours = { param($command) @($names) -eq $command.Name | Select-Object -First 1 }   # our spelling of the name
$lines = [System.Collections.Generic.List[string]]::new()
$lines.Add("IoTJobs shares command names with $(@($clashes.ModuleName | Select-Object -Unique) -join ' and ') (PowerShell command names ignore case).")
$hidden = @($clashes | Where-Object CommandType -eq 'Cmdlet')
if ($hidden) {
    $lines.Add('These names now run IoTJobs (the module imported last wins a bare name); the other module''s command is reached by its module-qualified name:')
    foreach ($c in $hidden) { $lines.Add(('    {0,-24}{1}\{2}' -f (& $ours $c), $c.ModuleName, $c.Name)) }
}
foreach ($group in @($clashes | Where-Object CommandType -ne 'Cmdlet' | Group-Object ModuleName)) {
    $lines.Add("These names still run $($group.Name)'s functions or aliases, which outrank a cmdlet whatever the import order; IoTJobs' is reached by its module-qualified name:")
    foreach ($c in $group.Group) { $lines.Add(('    {0,-24}{1}\{0}' -f (& $ours $c), $moduleName)) }
}
$aws = @($clashes | Where-Object ModuleName -in 'AWS.Tools.IoT', 'AWSPowerShell', 'AWSPowerShell.NetCore')
$differences = @(
    if ($aws | Where-Object Name -like 'Stop-*') { "IoTJobs' -Force is the service's force and is confirmed ($($aws[0].ModuleName)'s -Enforce), while $($aws[0].ModuleName)'s -Force only skips its prompt" }
    if ($aws | Where-Object Name -like 'Get-*IoTJobExecution') { "IoTJobs' Get-IoTJobExecution lists a job's executions, $($aws[0].ModuleName)'s describes one (it needs -ThingName)" }
)
if ($differences) { $lines.Add("The same words mean different things: $($differences -join '; ').") }
$example = @($clashes | Where-Object Name -like 'Stop-*JobExecution') + $clashes | Select-Object -First 1
$lines.Add("In scripts and runbooks, call both modules' commands by module-qualified name ($moduleName\$(& $ours $example), $($example.ModuleName)\$($example.Name)).")
$lines.Add("To silence this warning: Import-Module $moduleName -WarningAction SilentlyContinue, or `$env:IOTJOBS_SUPPRESS_CLASH_WARNING = 'true' before the import (also for #Requires -Modules and autoloading). See Get-Help about_IoTJobs.")
Write-Warning -Message ($lines -join [Environment]::NewLine) -WarningAction $preference
