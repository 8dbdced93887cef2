# Credential and region precedence, case by case, through the cmdlets. AWSSDK.Core remembers the shared config and
# credentials file locations it saw first in a process, so every case runs in its own child pwsh with its own
# environment and temp files. Credentials: the winning source carries the key the emulator accepts, every losing source
# a key it refuses, so a case passes only if the right source signed the request (and the verbose line names it).
# (All cases run in one child pwsh: its file locations never change, only their contents and the AWS_* variables.)
# Regions: -WhatIf resolves the client (verbose line "Region: <r> (<source>)") and sends nothing.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:WinKey = 'AKIDWINNER'
    $script:WinSecret = 'winner-secret-' + [guid]::NewGuid().ToString('N')
    $script:emu = Start-TestEmulator -ExtraArgs @('--access-key', $WinKey, '--secret-key', $WinSecret)
    $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId 'prec-job' -ThingName 'prec-thing'
    $script:Psd1 = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("iotjobs-precedence-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $Work

    # Cases are collected first (Add-Case) and run together in ONE child pwsh (Invoke-Cases): each case gets its own
    # AWS_* variables and its own contents of the shared files, whose locations stay fixed for the child's lifetime.
    $script:Cases = [System.Collections.Generic.List[object]]::new()
    function script:Add-Case {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Env = @{}, [string] $Config = '', [string] $Credentials = '', [Parameter(Mandatory)] [string] $Script)
        $Cases.Add([pscustomobject]@{ Name = $Name; Env = $Env; Config = $Config; Credentials = $Credentials; Script = $Script })
    }
    function script:Invoke-Cases {
        $casesFile = Join-Path $Work 'cases.json'
        $Cases | ConvertTo-Json -Depth 5 | Set-Content -Path $casesFile
        $body = @"
`$ErrorActionPreference = 'Continue'
Import-Module '$Psd1'
`$ep = '$($emu.Endpoint)'
`$results = [ordered]@{}
foreach (`$case in (Get-Content -Raw '$casesFile' | ConvertFrom-Json)) {
    foreach (`$v in @(Get-ChildItem env:AWS_* | Where-Object Name -notin 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED')) { Remove-Item "env:`$(`$v.Name)" }
    foreach (`$p in `$case.Env.PSObject.Properties) { Set-Item "env:`$(`$p.Name)" `$p.Value }
    Set-Content -Path `$env:AWS_CONFIG_FILE -Value `$case.Config
    Set-Content -Path `$env:AWS_SHARED_CREDENTIALS_FILE -Value `$case.Credentials
    `$all = @(& ([scriptblock]::Create(`$case.Script)) *>&1)
    `$results[`$case.Name] = [pscustomobject]@{
        Verbose = @(`$all | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        Output = @(`$all | Where-Object { `$_ -is [IoTJobs.PowerShell.Output.Job] -or `$_ -is [IoTJobs.PowerShell.Output.JobExecution] }).Count
        Errors = @(`$all | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "`$(`$_.FullyQualifiedErrorId): `$(`$_.Exception.Message)" })
    }
}
`$results | ConvertTo-Json -Depth 5 -Compress
"@
        Set-Content -Path "$Work/cases.ps1" -Value $body
        Set-Content -Path "$Work/config" -Value ''
        Set-Content -Path "$Work/credentials" -Value ''
        $psi = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', "$Work/cases.ps1")) { $psi.ArgumentList.Add($a) }
        foreach ($k in @($psi.Environment.Keys)) { if ($k -like 'AWS_*') { $null = $psi.Environment.Remove($k) } }
        $psi.Environment['AWS_CONFIG_FILE'] = "$Work/config"
        $psi.Environment['AWS_SHARED_CREDENTIALS_FILE'] = "$Work/credentials"
        $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'child pwsh did not finish in 120 s' }
        $json = ($out.Result -split "`n" | Where-Object { $_.StartsWith('{') } | Select-Object -Last 1)
        if (-not $json) { throw "child pwsh printed no result: $($out.Result) $($err.Result)" }
        $parsed = $json | ConvertFrom-Json
        $map = @{}
        foreach ($prop in $parsed.PSObject.Properties) { $map[$prop.Name] = $prop.Value }
        $map
    }

    function script:Profile([string] $name, [string] $key, [string] $secret, [string] $region) {
        $header = if ($name -eq 'default') { '[default]' } else { "[profile $name]" }
        $lines = @($header)
        if ($key) { $lines += "aws_access_key_id = $key"; $lines += "aws_secret_access_key = $secret" }
        if ($region) { $lines += "region = $region" }
        ($lines -join "`n") + "`n"
    }
    function script:Credentials([string] $name, [string] $key, [string] $secret) {
        "[$name]`naws_access_key_id = $key`naws_secret_access_key = $secret`n"
    }

    $script:Get = 'Get-IoTJob -JobId prec-job -EndpointUrl $ep -Region us-east-1 -Verbose'
    $script:WhatIf = 'Stop-IoTJobExecution -ThingName t1 -JobId j1 -EndpointUrl http://127.0.0.1:1 -WhatIf -Verbose'
    $KeyArgs = '-AccessKey AKIDX -SecretKey region-secret-001'
    $loserEnv = @{ AWS_ACCESS_KEY_ID = 'AKIDENV'; AWS_SECRET_ACCESS_KEY = 'env-secret-0001' }
    $loserFiles = (Credentials 'default' 'AKIDDEFAULT' 'default-secret-01') + (Credentials 'named' 'AKIDNAMED' 'named-secret-001')

    # ---- credentials: the winner signs with the key the emulator accepts, every other source with one it refuses
    # First: AWSSDK.Core's default chain keeps credentials it once found for a while, so a case with no source at all
    # is only meaningful before any case has let the chain find some (it was flaky when run after the 'default' case).
    Add-Case -Name 'nocreds' -Script $Get
    Add-Case -Name 'credential' -Env $loserEnv -Credentials $loserFiles `
        -Script "$Get -Credential @{ AccessKey = '$WinKey'; SecretKey = '$WinSecret' } -AccessKey AKIDPARAM -SecretKey param-secret-001 -ProfileName named"
    Add-Case -Name 'keys' -Env $loserEnv -Credentials $loserFiles -Script "$Get -AccessKey $WinKey -SecretKey $WinSecret -ProfileName named"
    Add-Case -Name 'profilename' -Env $loserEnv -Credentials ((Credentials 'default' 'AKIDDEFAULT' 'default-secret-01') + (Credentials 'named' $WinKey $WinSecret)) -Script "$Get -ProfileName named"
    Add-Case -Name 'configprofile' -Config (Profile 'cfgonly' $WinKey $WinSecret 'us-east-1') -Script "$Get -ProfileName cfgonly"
    Add-Case -Name 'env' -Env @{ AWS_ACCESS_KEY_ID = $WinKey; AWS_SECRET_ACCESS_KEY = $WinSecret } -Credentials (Credentials 'default' 'AKIDDEFAULT' 'default-secret-01') -Script $Get
    Add-Case -Name 'awsprofile' -Env @{ AWS_PROFILE = 'picked' } -Credentials ((Credentials 'default' 'AKIDDEFAULT' 'default-secret-01') + (Credentials 'picked' $WinKey $WinSecret)) -Script $Get
    Add-Case -Name 'default' -Credentials (Credentials 'default' $WinKey $WinSecret) -Script $Get
    Add-Case -Name 'loser' -Env $loserEnv -Script $Get

    # ---- regions: -WhatIf resolves the client and sends nothing
    $regionConfig = (Profile 'default' '' '' 'sa-east-1') + (Profile 'named' '' '' 'ca-central-1') + (Profile 'viaenv' '' '' 'me-south-1')
    $regionFiles = (Credentials 'named' 'AKIDN' 'named-secret-001') + (Credentials 'viaenv' 'AKIDV' 'viaenv-secret-01') + (Credentials 'default' 'AKIDD' 'default-secret-01')
    Add-Case -Name 'piped' -Env @{ AWS_REGION = 'eu-central-1' } `
        -Script "`$PSDefaultParameterValues['*-IoT*:Region'] = 'eu-west-1'; [pscustomobject]@{ ThingName = 't1'; JobId = 'j1'; Region = 'ap-south-1' } | Stop-IoTJobExecution -EndpointUrl http://127.0.0.1:1 -WhatIf -Verbose $KeyArgs; `$PSDefaultParameterValues.Remove('*-IoT*:Region')"
    Add-Case -Name 'pipedconflict' -Env @{ AWS_REGION = 'eu-central-1' } `
        -Script "[pscustomobject]@{ ThingName = 't1'; JobId = 'j1'; Region = 'ap-south-1' } | Stop-IoTJobExecution -Region eu-west-1 -EndpointUrl http://127.0.0.1:1 -WhatIf -Verbose $KeyArgs"
    Add-Case -Name 'param' -Env @{ AWS_REGION = 'eu-central-1'; AWS_DEFAULT_REGION = 'eu-north-1' } -Config (Profile 'default' '' '' 'sa-east-1') -Script "$WhatIf $KeyArgs -Region eu-west-1"
    Add-Case -Name 'pipednoregion' -Env @{ AWS_REGION = 'eu-central-1' } `
        -Script "[pscustomobject]@{ ThingName = 't1'; JobId = 'j1' } | Stop-IoTJobExecution -Region eu-west-1 -EndpointUrl http://127.0.0.1:1 -WhatIf -Verbose $KeyArgs"
    Add-Case -Name 'awsregion' -Env @{ AWS_REGION = 'eu-central-1'; AWS_DEFAULT_REGION = 'eu-north-1' } -Config (Profile 'default' '' '' 'sa-east-1') -Script "$WhatIf $KeyArgs"
    Add-Case -Name 'awsdefaultregion' -Env @{ AWS_DEFAULT_REGION = 'eu-north-1' } -Config (Profile 'default' '' '' 'sa-east-1') -Script "$WhatIf $KeyArgs"
    Add-Case -Name 'profileregion-named' -Config $regionConfig -Credentials $regionFiles -Script "$WhatIf -ProfileName named"
    Add-Case -Name 'profileregion-env' -Env @{ AWS_PROFILE = 'viaenv' } -Config $regionConfig -Credentials $regionFiles -Script $WhatIf
    Add-Case -Name 'profileregion-default' -Config $regionConfig -Credentials $regionFiles -Script $WhatIf
    Add-Case -Name 'noregion' -Script "$WhatIf $KeyArgs"

    $script:R = Invoke-Cases
    function script:V([string] $name) { $R[$name].Verbose -join "`n" }
}

AfterAll {
    Stop-TestEmulator $emu
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

Describe 'Credential precedence: -Credential > -AccessKey/-SecretKey > -ProfileName > environment > default profile' {
    It '-Credential wins over -AccessKey/-SecretKey, -ProfileName, the environment and the default profile' {
        $R['credential'].Errors | Should -BeNullOrEmpty
        $R['credential'].Output | Should -Be 1
        V 'credential' | Should -Match 'Credentials: explicit credentials'
    }

    It '-AccessKey/-SecretKey win over -ProfileName, the environment and the default profile' {
        $R['keys'].Errors | Should -BeNullOrEmpty
        $R['keys'].Output | Should -Be 1
        V 'keys' | Should -Match 'Credentials: explicit access key\.'
    }

    It '-ProfileName wins over the environment and the default profile' {
        $R['profilename'].Errors | Should -BeNullOrEmpty
        $R['profilename'].Output | Should -Be 1
        V 'profilename' | Should -Match "Credentials: profile 'named'"
    }

    It 'a profile in the config file (not the credentials file) is found by -ProfileName' {
        $R['configprofile'].Errors | Should -BeNullOrEmpty
        $R['configprofile'].Output | Should -Be 1
        V 'configprofile' | Should -Match "Credentials: profile 'cfgonly'"
    }

    It 'the environment variables win over the default profile' {
        $R['env'].Errors | Should -BeNullOrEmpty
        $R['env'].Output | Should -Be 1
        V 'env' | Should -Match 'Credentials: environment variables'
    }

    It 'AWS_PROFILE picks the profile when nothing else is given' {
        $R['awsprofile'].Errors | Should -BeNullOrEmpty
        $R['awsprofile'].Output | Should -Be 1
    }

    It 'the default profile is used last' {
        $R['default'].Errors | Should -BeNullOrEmpty
        $R['default'].Output | Should -Be 1
    }

    It 'no source at all is a clear configuration error naming every way to supply credentials' {
        $R['nocreds'].Output | Should -Be 0
        $R['nocreds'].Errors[0] | Should -Match '^InvalidClientConfiguration'
        $R['nocreds'].Errors[0] | Should -Match 'No AWS credentials were found'
        $R['nocreds'].Errors[0] | Should -Match '-AccessKey'
        $R['nocreds'].Errors[0] | Should -Match 'AWS_ACCESS_KEY_ID'
    }

    It 'a losing source is really refused by the emulator (so the cases above can fail)' {
        $R['loser'].Output | Should -Be 0
        $R['loser'].Errors[0] | Should -Match '^AccessDenied'
    }
}

Describe 'Region precedence: piped object Region > -Region > AWS_REGION > AWS_DEFAULT_REGION > profile region' {
    It 'a piped object keeps its own Region over a $PSDefaultParameterValues region (objects are acted on where they came from)' {
        $R['piped'].Errors | Should -BeNullOrEmpty
        V 'piped' | Should -Match 'Region: ap-south-1 \(parameter\)'
        V 'piped' | Should -Match "input object's region ap-south-1 \(its Region\) instead of the default eu-west-1"
    }

    It 'a typed -Region that disagrees with the piped object''s Region is that item''s error, naming both' {
        $R['pipedconflict'].Output | Should -Be 0
        $R['pipedconflict'].Errors[0] | Should -Match '^RegionConflict,.*eu-west-1.*ap-south-1'
    }

    It '-Region wins over AWS_REGION, AWS_DEFAULT_REGION and the profile' {
        $R['param'].Errors | Should -BeNullOrEmpty
        V 'param' | Should -Match 'Region: eu-west-1 \(parameter\)'
    }

    It 'a piped object without a Region uses -Region' {
        V 'pipednoregion' | Should -Match 'Region: eu-west-1 \(parameter\)'
    }

    It 'AWS_REGION wins over AWS_DEFAULT_REGION and the profile' {
        V 'awsregion' | Should -Match 'Region: eu-central-1 \(environment variable AWS_REGION\)'
    }

    It 'AWS_DEFAULT_REGION wins over the profile' {
        V 'awsdefaultregion' | Should -Match 'Region: eu-north-1 \(environment variable AWS_DEFAULT_REGION\)'
    }

    It "the profile's region comes last: -ProfileName's, else AWS_PROFILE's, else [default]'s" {
        V 'profileregion-named' | Should -Match "Region: ca-central-1 \(profile 'named'\)"
        V 'profileregion-env' | Should -Match "Region: me-south-1 \(profile 'viaenv'\)"
        V 'profileregion-default' | Should -Match "Region: sa-east-1 \(profile 'default'\)"
    }

    It 'no region anywhere is a clear configuration error' {
        $R['noregion'].Errors[0] | Should -Match '^InvalidClientConfiguration'
        $R['noregion'].Errors[0] | Should -Match 'No AWS region was found'
        $R['noregion'].Errors[0] | Should -Match 'AWS_REGION'
    }
}
