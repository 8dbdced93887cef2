# Tools for the help sources in module/help (see README.md), shared by Update-HelpSource.ps1 (which rewrites the
# Markdown from the real cmdlets and real example runs) and tests/pester/Help.Tests.ps1 (which fails when they disagree).
# Needs the built module imported and, for examples, an emulator (tests/pester/TestHelpers.psm1).

Set-StrictMode -Version 3

# The parameters every cmdlet has from PowerShell itself; about_CommonParameters documents them, not us.
$script:EngineParameters = [System.Management.Automation.Cmdlet]::CommonParameters + @('UseTransaction')

function Get-HelpTypeName {
    <# The type name help shows: Nullable unwrapped, arrays as Name[] (String[], Int64, SwitchParameter, JobStatus). #>
    param([Parameter(Mandatory)] [type] $Type)
    $underlying = [Nullable]::GetUnderlyingType($Type)
    if ($underlying) { $Type = $underlying }
    if ($Type.IsArray) { return (Get-HelpTypeName $Type.GetElementType()) + '[]' }
    $Type.Name
}

function Get-HelpParameterMetadata {
    <#
    .SYNOPSIS
    What the help must say about each documented parameter of a cmdlet, read from the cmdlet itself: an ordered
    dictionary per parameter with the keys of the Markdown's yaml block. Hidden (DontShow) and engine parameters are left out.
    #>
    param([Parameter(Mandatory)] [System.Management.Automation.CommandInfo] $Command)
    foreach ($p in $Command.Parameters.Values) {
        if ($p.Name -in $script:EngineParameters) { continue }
        $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
        if (-not $attrs -or ($attrs | Where-Object DontShow)) { continue }

        $sets = @($attrs | ForEach-Object ParameterSetName | Sort-Object -Unique)
        $setText = if ($sets -contains '__AllParameterSets') { '(All)' } else { ($sets | Sort-Object) -join ', ' }

        $mandatory = @($attrs | Where-Object Mandatory).Count -eq $attrs.Count
        $positions = @($attrs | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Sort-Object -Unique)
        $position = if ($positions.Count -gt 0) { [string]$positions[0] } else { 'Named' }
        $pipeline = @()
        if ($attrs | Where-Object ValueFromPipeline) { $pipeline += 'ByValue' }
        if ($attrs | Where-Object ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
        $pipelineText = if ($pipeline) { 'True (' + ($pipeline -join ', ') + ')' } else { 'False' }

        $type = $p.ParameterType
        $enumType = [Nullable]::GetUnderlyingType($type) ?? $type
        if ($enumType.IsArray) { $enumType = $enumType.GetElementType() }
        # Unknown stands for values newer than the module; the cmdlets refuse to send it.
        $accepted = if ($enumType.IsEnum) { ([enum]::GetNames($enumType) | Where-Object { $_ -ne 'Unknown' }) -join ', ' } else { '' }

        $meta = [ordered]@{
            'Type'                       = Get-HelpTypeName $type
            'Parameter Sets'             = $setText
            'Aliases'                    = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'None' }
        }
        if ($accepted) { $meta['Accepted values'] = $accepted }
        $meta['Required'] = if ($mandatory) { 'True' } else { 'False' }
        $meta['Position'] = $position
        $meta['Accept pipeline input'] = $pipelineText
        $wildcards = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count -gt 0
        $meta['Accept wildcard characters'] = if ($wildcards) { 'True' } else { 'False' }
        [pscustomobject]@{ Name = $p.Name; Metadata = $meta }
    }
}

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
    Parses one help Markdown file: its examples (title, code, output, line numbers) and parameter sections (name, text,
    yaml metadata, line range of the yaml block). The same format the build's MamlHelpTask.cs reads.
    #>
    param([Parameter(Mandatory)] [string] $Path)
    $lines = @(Get-Content -LiteralPath $Path)
    $examples = [System.Collections.Generic.List[object]]::new()
    $parameters = [System.Collections.Generic.List[object]]::new()
    $h2 = ''; $current = $null
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]
        if ($line -match '^```(.*)$') {
            $info = $Matches[1].Trim(); $start = $i; $body = @()
            for ($i++; $i -lt $lines.Count -and $lines[$i] -notmatch '^```'; $i++) { $body += $lines[$i] }
            if ($current -and $current.Kind -eq 'Example') {
                if ($info -match '^(powershell|pwsh)' -and -not $current.Code) { $current.Code = $body -join "`n"; $current.Fence = $info }
                elseif ($info -eq 'output' -and $null -eq $current.OutputStart) { $current.Output = $body -join "`n"; $current.OutputStart = $start; $current.OutputEnd = $i }
            }
            elseif ($current -and $current.Kind -eq 'Parameter' -and $info -eq 'yaml') {
                $meta = [ordered]@{}
                foreach ($entry in $body) { if ($entry -match '^([^:]+):\s*(.*)$') { $meta[$Matches[1].Trim()] = $Matches[2].Trim() } }
                $current.Metadata = $meta; $current.YamlStart = $start; $current.YamlEnd = $i
            }
            continue
        }
        if ($line -match '^## (.+)$') { $h2 = $Matches[1].Trim().ToUpperInvariant(); $current = $null; continue }
        if ($line -match '^### (.+)$') {
            $title = $Matches[1].Trim()
            if ($h2 -eq 'EXAMPLES') {
                $current = [pscustomobject]@{ Kind = 'Example'; Title = $title; Line = $i + 1; Code = $null; Fence = $null; Output = $null; OutputStart = $null; OutputEnd = $null }
                $examples.Add($current)
            }
            elseif ($h2 -like '*PARAMETERS' -and $title -like '-*') {
                $current = [pscustomobject]@{ Kind = 'Parameter'; Name = $title.Substring(1).Trim(); Group = $h2; Line = $i + 1; Text = ''; Metadata = $null; YamlStart = $null; YamlEnd = $null }
                $parameters.Add($current)
            }
            else { $current = $null }
            continue
        }
        if ($current -and $current.Kind -eq 'Parameter' -and $null -eq $current.Metadata -and $line.Trim()) { $current.Text += $line.Trim() + ' ' }
    }
    [pscustomobject]@{ Path = $Path; Lines = $lines; Examples = $examples; Parameters = $parameters }
}

function Initialize-HelpExampleFleet {
    <#
    .SYNOPSIS
    Resets the emulator and seeds the fleet every help example runs against (the same for every cmdlet's examples).
    #>
    param([Parameter(Mandatory)] [string] $Endpoint)
    $null = Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/reset"
    $seed = {
        param($body)
        $null = Invoke-RestMethod -Method Post -Uri "$Endpoint/_emulator/seed" -Body ($body | ConvertTo-Json -Depth 5 -Compress) -ContentType 'application/json'
    }
    # Six sensors, three at site ber and three at ham, each reporting its firmware; three are offline.
    & $seed @{ thingNames = @('sensor-01', 'sensor-02', 'sensor-03'); thingTypeName = 'sensor'; attributes = @{ site = 'ber' }
               shadowReportedByThing = @{ 'sensor-01' = @{ fw = '1.2.3' }; 'sensor-02' = @{ fw = '1.2.3' }; 'sensor-03' = @{ fw = '1.2.2' } }
               connected = @('sensor-01'); disconnected = @('sensor-02', 'sensor-03'); disconnectReason = 'CONNECTION_LOST' }
    & $seed @{ thingNames = @('sensor-04', 'sensor-05', 'sensor-06'); thingTypeName = 'sensor'; attributes = @{ site = 'ham' }
               shadowReportedByThing = @{ 'sensor-04' = @{ fw = '1.2.3' }; 'sensor-05' = @{ fw = '1.2.2' }; 'sensor-06' = @{ fw = '1.2.3' } }
               connected = @('sensor-05', 'sensor-06'); disconnected = @('sensor-04'); disconnectReason = 'CONNECTION_LOST' }
    # A firmware rollout to the six sensors: four waiting, two being installed right now.
    & $seed @{ jobId = 'fw-2026-11'; thingNames = @('sensor-01', 'sensor-02', 'sensor-03', 'sensor-04', 'sensor-05', 'sensor-06')
               inProgress = @('sensor-05', 'sensor-06') }
    # A configuration change to two gateways and one of the sensors.
    & $seed @{ jobId = 'cfg-ntp'; thingNames = @('gateway-01', 'gateway-02', 'sensor-01'); inProgress = @('gateway-02')
               thingTypeName = 'gateway'; attributes = @{ site = 'ham' } }
    & $seed @{ thingNames = @('gateway-01', 'gateway-02'); connected = @('gateway-01', 'gateway-02') }
    # A reboot job, the third job of the account.
    & $seed @{ jobId = 'reboot-weekly'; thingNames = @('gateway-01', 'gateway-02'); inProgress = @() }
    # Static thing groups: plant-a with two production lines of sensors, plant-b with the gateways.
    & $seed @{ thingNames = @('sensor-01', 'sensor-02', 'sensor-03'); thingGroupName = 'line-1'; parentGroupName = 'plant-a' }
    & $seed @{ thingNames = @('sensor-04', 'sensor-05', 'sensor-06'); thingGroupName = 'line-2'; parentGroupName = 'plant-a' }
    & $seed @{ thingNames = @('gateway-01', 'gateway-02'); thingGroupName = 'plant-b' }
    Enable-EmulatorFleetIndexing -Endpoint $Endpoint
}

function Enable-EmulatorFleetIndexing {
    <#
    .SYNOPSIS
    Turns on fleet indexing of registry, shadows and connectivity in the emulator (/_emulator/reset turns it off), with
    UpdateIndexingConfiguration as on AWS: a request SigV4-signed with the emulator's fake key (test/test, us-east-1),
    signed here because no admin endpoint sets it.
    #>
    param([Parameter(Mandatory)] [string] $Endpoint)
    $body = [Text.Encoding]::UTF8.GetBytes('{"thingIndexingConfiguration":{"thingIndexingMode":"REGISTRY_AND_SHADOW","thingConnectivityIndexingMode":"STATUS"}}')
    $uri = [uri]"$Endpoint/indexing/config"
    $now = [DateTime]::UtcNow
    $amzDate = $now.ToString('yyyyMMddTHHmmssZ', [Globalization.CultureInfo]::InvariantCulture)
    $scope = $now.ToString('yyyyMMdd', [Globalization.CultureInfo]::InvariantCulture) + '/us-east-1/iot/aws4_request'
    $sha256 = { param([byte[]] $b) [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($b)).ToLowerInvariant() }
    $canonical = "POST`n$($uri.AbsolutePath)`n`nhost:$($uri.Authority)`nx-amz-date:$amzDate`n`nhost;x-amz-date`n$(& $sha256 $body)"
    $toSign = "AWS4-HMAC-SHA256`n$amzDate`n$scope`n$(& $sha256 ([Text.Encoding]::UTF8.GetBytes($canonical)))"
    # The signing key is an HMAC chain over the scope's parts; one more HMAC over the string to sign is the signature.
    $key = [Text.Encoding]::UTF8.GetBytes('AWS4test')
    foreach ($part in @($scope.Split('/')) + $toSign) { $key = [Security.Cryptography.HMACSHA256]::HashData($key, [Text.Encoding]::UTF8.GetBytes($part)) }
    $authorization = "AWS4-HMAC-SHA256 Credential=test/$scope, SignedHeaders=host;x-amz-date, Signature=$([Convert]::ToHexString($key).ToLowerInvariant())"
    $null = Invoke-RestMethod -Method Post -Uri $uri -Body $body -ContentType 'application/json' -SkipHeaderValidation -Headers @{ 'X-Amz-Date' = $amzDate; Authorization = $authorization }
}

function Invoke-HelpExampleSet {
    <#
    .SYNOPSIS
    Runs examples' code in one child pwsh, as a user would type it at a console, and returns what the console showed
    for each: formatted output, warnings, errors and "What if:" lines, in order, 100 columns wide like a typical console (tables keep their full width: the default views need 80+; error and warning text is wrapped at 75, as Get-Help indents it by 4), without
    colours. -Groups maps a group name (a cmdlet's help file) to an ordered dictionary of key -> code; before each
    group the emulator is reset and seeded with Initialize-HelpExampleFleet, and the group's examples run in order.
    The child imports the module from -ModulePath, points every *-IoT* cmdlet at -Endpoint with fake credentials
    ($PSDefaultParameterValues) and works in a temporary directory. Returns group -> (key -> text).
    #>
    param(
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Groups,
        [Parameter(Mandatory)] [string] $Endpoint,
        [Parameter(Mandatory)] [string] $ModulePath
    )
    $ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
    $work = Join-Path ([System.IO.Path]::GetTempPath()) ("iotjobs-help-" + [guid]::NewGuid().ToString('n'))
    $null = New-Item -ItemType Directory -Path $work
    try {
        $marker = '#### IOTJOBS-HELP-EXAMPLE '
        $examples = foreach ($group in $Groups.Keys) {
            foreach ($key in $Groups[$group].Keys) { @{ Group = [string]$group; Key = [string]$key; Code = $Groups[$group][$key] } }
        }
        ConvertTo-Json -InputObject @($examples) -Depth 3 | Set-Content -Path (Join-Path $work 'examples.json') -Encoding utf8NoBOM
        $script = @"
`$ErrorActionPreference = 'Continue'
`$ProgressPreference = 'SilentlyContinue'
`$PSStyle.OutputRendering = 'PlainText'
`$env:AWS_EC2_METADATA_DISABLED = 'true'
Import-Module '$($ModulePath -replace "'", "''")'
Import-Module '$($PSCommandPath -replace "'", "''")'
`$PSDefaultParameterValues['*-IoT*:EndpointUrl'] = '$Endpoint'
`$PSDefaultParameterValues['*-IoT*:AccessKey'] = 'test'
`$PSDefaultParameterValues['*-IoT*:SecretKey'] = 'test'
`$PSDefaultParameterValues['*-IoT*:Region'] = 'us-east-1'
function ConvertTo-ConsoleLine(`$item) {
    `$text = `$null
    if (`$item -is [System.Management.Automation.ErrorRecord]) {
        `$message = if (`$item.ErrorDetails -and `$item.ErrorDetails.Message) { `$item.ErrorDetails.Message } else { `$item.Exception.Message }
        `$name = if (`$item.InvocationInfo -and `$item.InvocationInfo.MyCommand) { `$item.InvocationInfo.MyCommand.Name } else { 'Error' }
        `$text = "`${name}: `$message"
    }
    elseif (`$item -is [System.Management.Automation.WarningRecord]) { `$text = "WARNING: `$(`$item.Message)" }
    if (`$null -eq `$text) { return `$item }
    # Word-wrapped at 75 columns: Get-Help indents examples by 4.
    (`$text -replace '(.{1,75})(\s+|`$)', "```$1``n").TrimEnd()
}
`$group = `$null
foreach (`$example in (Get-Content -Raw ./examples.json | ConvertFrom-Json)) {
    if (`$example.Group -ne `$group) { `$group = `$example.Group; Initialize-HelpExampleFleet -Endpoint '$Endpoint' }
    [Console]::Out.WriteLine('$marker' + `$example.Group + '|' + `$example.Key)
    # Errors and warnings become the text the console shows for them (ConciseView: "Command: message"), in place, so
    # their order with the output is kept (the host would write errors to stderr).
    try { & ([scriptblock]::Create(`$example.Code)) *>&1 | ForEach-Object { ConvertTo-ConsoleLine `$_ } | Out-String -Stream -Width 100 }
    catch { ConvertTo-ConsoleLine `$_ | Out-String -Stream -Width 100 }
}
[Console]::Out.WriteLine('$marker' + 'END|')
"@
        Set-Content -Path (Join-Path $work 'run.ps1') -Value $script -Encoding utf8NoBOM
        # The same pwsh as this one (a dotnet tool runs as 'dotnet pwsh.dll').
        $exe = [Environment]::ProcessPath
        $arguments = @()
        if ((Split-Path -Leaf $exe) -like 'dotnet*') { $arguments += [Environment]::GetCommandLineArgs()[0] }
        $arguments += @('-NoProfile', '-NonInteractive', '-File', (Join-Path $work 'run.ps1'))
        $psi = [System.Diagnostics.ProcessStartInfo]::new($exe)
        foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
        $psi.WorkingDirectory = $work
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $psi.Environment['NO_COLOR'] = '1'
        $process = [System.Diagnostics.Process]::Start($psi)
        $stderr = $process.StandardError.ReadToEndAsync()
        $stdout = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($stdout -notmatch [regex]::Escape($marker + 'END|')) {
            throw "The example runner did not finish (exit code $($process.ExitCode)): $stdout $($stderr.Result)"
        }
        $result = [ordered]@{}
        $current = $null
        $buffer = [System.Collections.Generic.List[string]]::new()
        foreach ($line in ($stdout -split "`r?`n")) {
            if ($line.StartsWith($marker)) {
                if ($null -ne $current) {
                    if (-not $result.Contains($current[0])) { $result[$current[0]] = [ordered]@{} }
                    $result[$current[0]][$current[1]] = Format-ConsoleText $buffer
                }
                $current = $line.Substring($marker.Length).Split('|', 2); $buffer.Clear()
                continue
            }
            $buffer.Add($line)
        }
        $result
    }
    finally { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
}

function Format-ConsoleText([System.Collections.Generic.List[string]] $Lines) {
    # Trailing blanks trimmed, leading/trailing blank lines dropped, runs of blank lines squeezed to one.
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($l in $Lines) {
        $l = $l.TrimEnd()
        if ($l -eq '' -and ($out.Count -eq 0 -or $out[$out.Count - 1] -eq '')) { continue }
        $out.Add($l)
    }
    while ($out.Count -and $out[$out.Count - 1] -eq '') { $out.RemoveAt($out.Count - 1) }
    $out -join "`n"
}

function ConvertTo-ComparableOutput {
    <#
    .SYNOPSIS
    Example output with what legitimately changes between runs masked (times, request ids, ports, column padding),
    as sorted lines: bulk cancellation may finish items in any order.
    #>
    param([AllowEmptyString()] [string] $Text)
    $lines = foreach ($line in ($Text -split "`r?`n")) {
        # Also a time cut short by a table column ("2026-11-26 11:03…").
        $l = $line -replace '\d{4}-\d{2}-\d{2}([ T][\d:.]*Z?)?…?', '<time>'
        $l = $l -replace '\b\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}( [AP]M)?', '<time>'
        $l = $l -replace '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<id>'
        $l = $l -replace '127\.0\.0\.1:\d+', '127.0.0.1:<port>'
        $l = ($l -replace '[-]{2,}', '--' -replace '\s+', ' ').Trim()
        if ($l) { $l }
    }
    @($lines | Sort-Object)
}

Export-ModuleMember -Function Get-HelpTypeName, Get-HelpParameterMetadata, Read-HelpMarkdown, Initialize-HelpExampleFleet,
    Enable-EmulatorFleetIndexing, Invoke-HelpExampleSet, ConvertTo-ComparableOutput
