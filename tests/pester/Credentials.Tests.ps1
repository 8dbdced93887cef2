# Every credential source of the AWS SDKs' default chain and profile formats, each one row: a fresh pwsh whose
# environment holds nothing but PATH, a temp HOME with that row's ~/.aws files, and the row's own AWS_* variables. In it
# the five cmdlets run against a job of the row's own (Get-IoTJobExecution, Get-IoTJob, Get-IoTThing,
# Stop-IoTJobExecution, Stop-IoTJob), with -Verbose. Each row then asserts on what the servers saw:
# - STS (AssumeRole, AssumeRoleWithWebIdentity) is moto, behind a recording stand-in (tests/standins/aws_standins.py)
#   that keeps each call's form (role, session name, external id, duration, MFA serial and code, web identity token)
#   and its signing key. moto issues random keys and files each caller under the role's account, so those rows list and
#   cancel a job that exists only in the role's account at moto: only the assumed role can see it.
# - SSO portal, container credentials and IMDSv2 are the stand-in; it hands out the one key the emulator accepts, so
#   the emulator answering proves which source signed, and the stand-in's log shows the token or header it was sent.
# - Afterwards the job's state is read from the server itself (the emulator's admin endpoint, moto through boto3).

BeforeDiscovery {
    $script:HaveMoto = $false
    if (Get-Command python3 -ErrorAction SilentlyContinue) {
        & python3 -c 'import moto.server, boto3' 2>$null
        $script:HaveMoto = $LASTEXITCODE -eq 0
    }
    $script:HaveTmux = [bool](Get-Command tmux -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:HaveMoto = $false
    if (Get-Command python3 -ErrorAction SilentlyContinue) {
        & python3 -c 'import moto.server, boto3' 2>$null
        $script:HaveMoto = $LASTEXITCODE -eq 0
    }
    $script:Psd1 = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
    $script:Pwsh = Join-Path $PSHOME 'pwsh'
    $script:Work = Join-Path ([IO.Path]::GetTempPath()) ("iotjobs-creds-" + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $null = New-Item -ItemType Directory -Path $Work

    # The keys the stand-in hands out (SSO, container, IMDS) and the only ones the emulator accepts.
    $script:Key = 'ASIASTANDIN0000001'
    $script:Secret = 'standin-secret-key-' + [guid]::NewGuid().ToString('N')
    $script:Token = 'standin-session-token-' + [guid]::NewGuid().ToString('N')
    $script:SsoToken = 'sso-access-token-' + [guid]::NewGuid().ToString('N')
    $script:ContainerToken = 'container-auth-' + [guid]::NewGuid().ToString('N')
    $script:SsoRefreshToken = 'sso-refresh-' + [guid]::NewGuid().ToString('N')

    $script:emu = Start-TestEmulator -ExtraArgs @('--access-key', $Key, '--secret-key', $Secret)
    $script:moto = $null
    if ($HaveMoto) { $script:moto = Start-TestMoto }

    # The stand-in: STS forwarded to moto (when there is one), SSO portal, container and IMDS endpoints.
    # It prints the emulator's first line, so it starts as the emulator does.
    $standInArgs = @((Join-Path $PSScriptRoot '../standins/aws_standins.py'), '--port', '0', '--access-key', $Key, '--secret-key', $Secret,
        '--session-token', $Token, '--sso-token', $SsoToken, '--sso-refresh-token', $SsoRefreshToken, '--container-token', $ContainerToken)
    if ($moto) { $standInArgs += @('--sts-upstream', $moto.Endpoint) }
    $standInServer = Start-TestEmulator -FilePath 'python3' -ExtraArgs $standInArgs
    $script:standInProcess = $standInServer.Process
    $script:StandIn = $standInServer.Endpoint

    # What each row's child runs: the five cmdlets on the row's job, each with -Verbose; one JSON line back.
    $script:ChildScript = Join-Path $PSScriptRoot 'Credentials.Child.ps1'

    $script:Rows = [ordered]@{}
    # A row: its ~/.aws files and token files in a temp HOME, its environment, where its job lives.
    function script:Add-Row {
        param([Parameter(Mandatory)] [string] $Name, [hashtable] $Env = @{}, [string] $Config = '', [string] $Credentials = '',
            [hashtable] $Files = @{}, [string] $ProfileName = '', [ValidateSet('emulator', 'moto')] [string] $Server = 'emulator',
            [string] $RoleArn = '', [switch] $NoMetadataDisable, [switch] $NonInteractive = $true, [switch] $RedirectInput, [switch] $BareRunspace,
            [switch] $NoSeed, [switch] $NoEndpointVariable, [int] $TimeoutSeconds = 90)
        $jobId = 'cred-' + ($Name -replace '[^a-z0-9]', '-')
        $home_ = Join-Path $Work $Name
        $null = New-Item -ItemType Directory -Path (Join-Path $home_ '.aws') -Force
        if ($Config) { Set-Content -Path (Join-Path $home_ '.aws/config') -Value ($Config -replace '\{HOME\}', $home_) }
        if ($Credentials) { Set-Content -Path (Join-Path $home_ '.aws/credentials') -Value $Credentials }
        foreach ($f in $Files.GetEnumerator()) {
            $path = Join-Path $home_ $f.Key
            $null = New-Item -ItemType Directory -Path (Split-Path $path) -Force
            Set-Content -Path $path -Value $f.Value -NoNewline
            if ($f.Key -like 'bin/*') { & chmod +x $path }
        }
        if (-not $NoSeed) {
            if ($Server -eq 'emulator') {
                $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId $jobId -ThingName @("$jobId-t1", "$jobId-t2", "$jobId-t3")
            } else {
                $seed = @{ roleArn = $RoleArn; jobId = $jobId; things = @("$jobId-t1", "$jobId-t2", "$jobId-t3") } | ConvertTo-Json -Compress
                $null = Invoke-RestMethod -Method Post -Uri "$StandIn/_standin/moto-seed" -Body $seed -ContentType 'application/json'
            }
        }
        $Rows[$Name] = [pscustomobject]@{
            Name = $Name; JobId = $jobId; Home = $home_; Env = $Env; ProfileName = $ProfileName; Server = $Server; RoleArn = $RoleArn
            NoMetadataDisable = [bool]$NoMetadataDisable; NonInteractive = [bool]$NonInteractive; RedirectInput = [bool]$RedirectInput
            BareRunspace = [bool]$BareRunspace; NoEndpointVariable = [bool]$NoEndpointVariable; TimeoutSeconds = $TimeoutSeconds; Result = $null
        }
    }

    function script:Start-Row($row) {
        $psi = [System.Diagnostics.ProcessStartInfo]::new($Pwsh)
        $psi.ArgumentList.Add('-NoProfile')
        if ($row.NonInteractive) { $psi.ArgumentList.Add('-NonInteractive') }
        foreach ($a in @('-File', $ChildScript, '-Module', $Psd1, '-JobId', $row.JobId, '-ProfileName', $row.ProfileName)) { $psi.ArgumentList.Add($a) }
        if ($row.BareRunspace) { $psi.ArgumentList.Add('-BareRunspace') }
        # Nothing else in the environment: PATH (dotnet), the temp HOME, and the row's own variables.
        $psi.Environment.Clear()
        $psi.Environment['PATH'] = $env:PATH
        $psi.Environment['HOME'] = $row.Home
        if ($env:DOTNET_ROOT) { $psi.Environment['DOTNET_ROOT'] = $env:DOTNET_ROOT }
        $psi.Environment['DOTNET_CLI_TELEMETRY_OPTOUT'] = '1'
        # Every AWS call this child could make goes to a loopback server, whichever source is being tried.
        if (-not $row.NoEndpointVariable) { $psi.Environment['AWS_ENDPOINT_URL_IOT'] = if ($row.Server -eq 'moto') { $moto.Endpoint } else { $emu.Endpoint } }
        $psi.Environment['AWS_ENDPOINT_URL_STS'] = $StandIn
        $psi.Environment['AWS_ENDPOINT_URL_SSO'] = $StandIn
        $psi.Environment['AWS_ENDPOINT_URL_SSO_OIDC'] = $StandIn
        $psi.Environment['AWS_REGION'] = 'us-east-1'
        if (-not $row.NoMetadataDisable) { $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true' }
        foreach ($e in $row.Env.GetEnumerator()) { $psi.Environment[$e.Key] = $e.Value -replace '\{HOME\}', $row.Home }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        # Redirected and never written to: a prompt would wait forever, so a hang shows up as the timeout below.
        $psi.RedirectStandardInput = $true
        $p = [System.Diagnostics.Process]::Start($psi)
        [pscustomobject]@{ Row = $row; Process = $p; Out = $p.StandardOutput.ReadToEndAsync(); Err = $p.StandardError.ReadToEndAsync() }
    }

    function script:Invoke-Rows {
        # Two children at a time (the machine has two cores); each row's own stand-in calls are told apart by the time window.
        $pending = [System.Collections.Generic.Queue[object]]::new([object[]]@($Rows.Values))
        while ($pending.Count -gt 0) {
            $batch = @()
            while ($pending.Count -gt 0 -and $batch.Count -lt 2) { $batch += Start-Row $pending.Dequeue() }
            foreach ($b in $batch) {
                # A bound per row (a hang is a TIMEOUT result, never a stuck suite), not a measure of speed.
                if (-not $b.Process.WaitForExit($b.Row.TimeoutSeconds * 1000)) { $b.Process.Kill($true); $b.Row.Result = 'TIMEOUT'; continue }
                $json = @($b.Out.Result -split "`r?`n" | Where-Object { $_.StartsWith('{') })[-1]
                $b.Row.Result = if ($json) { $json | ConvertFrom-Json -AsHashtable } else { "NO RESULT: $($b.Out.Result) $($b.Err.Result)" }
            }
        }
    }

    # (Invoke-RestMethod returns a JSON array as one object: enumerate it.)
    function script:Get-StandInLog { @(Invoke-RestMethod -Uri "$StandIn/_standin/log" | ForEach-Object { $_ }) }
    function script:Get-Moto { Invoke-RestMethod -Uri "$($moto.Endpoint)/moto-api/data.json" }
    function script:Credential-Line($row) { @($row.Result['Get-IoTJobExecution'].Verbose | Where-Object { $_ -like 'Credentials:*' })[0] }
    function script:Endpoint-Line($row) { @($row.Result['Get-IoTJobExecution'].Verbose | Where-Object { $_ -like 'Credentials:*' })[0] -replace '^.*(Endpoint: .*)$', '$1' }
    function script:Sts-Calls([string] $RoleArn) { @(Get-StandInLog | Where-Object { $_.form -and $_.form.RoleArn -eq $RoleArn }) }

    $staticKeys = "aws_access_key_id = $Key`naws_secret_access_key = $Secret`naws_session_token = $Token`n"
    $baseKeys = "[base]`naws_access_key_id = AKIDBASE00000001`naws_secret_access_key = base-secret-$([guid]::NewGuid().ToString('N'))`n"

    # ---- keys
    Add-Row -Name 'profile-static' -Credentials "[fleet]`naws_access_key_id = $Key`naws_secret_access_key = $Secret`n" -ProfileName 'fleet'
    Add-Row -Name 'default-profile' -Credentials "[default]`n$staticKeys"
    Add-Row -Name 'environment' -Env @{ AWS_ACCESS_KEY_ID = $Key; AWS_SECRET_ACCESS_KEY = $Secret; AWS_SESSION_TOKEN = $Token }
    # ---- SSO, both forms, and a missing and an expired token
    $ssoCache = '.aws/sso/cache/{0}.json'
    function script:Sha1([string] $s) { -join ([System.Security.Cryptography.SHA1]::HashData([Text.Encoding]::UTF8.GetBytes($s)) | ForEach-Object { $_.ToString('x2') }) }
    $future = [DateTime]::UtcNow.AddHours(8).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $past = [DateTime]::UtcNow.AddHours(-1).ToString('yyyy-MM-ddTHH:mm:ssZ')
    $sessionConfig = "[profile sso-admin]`nsso_session = corp`nsso_account_id = 210987654321`nsso_role_name = FleetAdmin`n[sso-session corp]`nsso_start_url = https://corp.awsapps.com/start`nsso_region = us-east-1`nsso_registration_scopes = sso:account:access`n"
    $ssoTokenFile = { param($expires) "{`"startUrl`":`"https://corp.awsapps.com/start`",`"region`":`"us-east-1`",`"accessToken`":`"$SsoToken`",`"expiresAt`":`"$expires`"}" }
    Add-Row -Name 'sso-session' -Config $sessionConfig -ProfileName 'sso-admin' -Files @{ ($ssoCache -f (Sha1 'corp')) = (& $ssoTokenFile $future) }
    Add-Row -Name 'sso-legacy' -ProfileName 'sso-legacy' -Files @{ ($ssoCache -f (Sha1 'https://legacy.awsapps.com/start')) = (& $ssoTokenFile $future) } `
        -Config "[profile sso-legacy]`nsso_start_url = https://legacy.awsapps.com/start`nsso_region = us-east-1`nsso_account_id = 210987654322`nsso_role_name = Operator`n"
    # An expired token with an SSO-OIDC refresh token (sso-session form): AWSSDK.SSOOIDC renews it, as the AWS CLI does.
    $refreshable = "{`"startUrl`":`"https://corp.awsapps.com/start`",`"region`":`"us-east-1`",`"accessToken`":`"expired-$SsoToken`",`"expiresAt`":`"$past`"," +
        "`"refreshToken`":`"$SsoRefreshToken`",`"clientId`":`"client-7`",`"clientSecret`":`"client-secret-7`",`"registrationExpiresAt`":`"$future`"}"
    Add-Row -Name 'sso-refresh' -ProfileName 'sso-renew' -Files @{ ($ssoCache -f (Sha1 'renew')) = $refreshable } `
        -Config "[profile sso-renew]`nsso_session = renew`nsso_account_id = 210987654323`nsso_role_name = FleetAdmin`n[sso-session renew]`nsso_start_url = https://corp.awsapps.com/start`nsso_region = us-east-1`nsso_registration_scopes = sso:account:access`n"
    Add-Row -Name 'sso-missing-token' -Config $sessionConfig -ProfileName 'sso-admin' -NoSeed
    Add-Row -Name 'sso-expired-token' -Config $sessionConfig -ProfileName 'sso-admin' -Files @{ ($ssoCache -f (Sha1 'corp')) = (& $ssoTokenFile $past) } -NoSeed
    # ---- credential_process: it counts its runs in a file next to it
    $process = "#!/bin/sh`necho run >> `"`$HOME/process-runs`"`nprintf '{`"Version`":1,`"AccessKeyId`":`"$Key`",`"SecretAccessKey`":`"$Secret`",`"SessionToken`":`"$Token`",`"Expiration`":`"$future`"}'`n"
    Add-Row -Name 'credential-process' -Files @{ 'bin/creds.sh' = $process } -ProfileName 'proc' -Config "[profile proc]`ncredential_process = {HOME}/bin/creds.sh --profile-secret-arg never-shown`n"
    # ---- container credentials and IMDSv2
    Add-Row -Name 'container' -Env @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$StandIn/container/credentials"; AWS_CONTAINER_AUTHORIZATION_TOKEN = $ContainerToken }
    Add-Row -Name 'imds' -Env @{ AWS_EC2_METADATA_SERVICE_ENDPOINT = "$StandIn/" } -NoMetadataDisable

    # ---- endpoints from the profile (services section, endpoint_url), and FIPS / dual-stack hosts (seen by a proxy stand-in)
    Add-Row -Name 'endpoint-services-section' -NoEndpointVariable -ProfileName 'svc' -Credentials "[svc]`n$staticKeys" `
        -Config "[profile svc]`nservices = rehearsal`n[services rehearsal]`niot =`n  endpoint_url = $($emu.Endpoint)`n"
    Add-Row -Name 'endpoint-profile-url' -NoEndpointVariable -Credentials "[default]`n$staticKeys" -Config "[default]`nendpoint_url = $($emu.Endpoint)`n"
    $proxyEnv = @{ HTTPS_PROXY = $StandIn; NO_PROXY = '127.0.0.1,localhost'; AWS_MAX_ATTEMPTS = '1'; AWS_REGION = 'us-gov-west-1' }
    Add-Row -Name 'endpoint-fips' -NoEndpointVariable -NoSeed -Credentials "[default]`n$staticKeys" -Env ($proxyEnv + @{ AWS_USE_FIPS_ENDPOINT = 'true' })
    Add-Row -Name 'endpoint-fips-dualstack' -NoEndpointVariable -NoSeed -ProfileName 'gov' -Credentials "[gov]`n$staticKeys" -Env $proxyEnv `
        -Config "[profile gov]`nuse_fips_endpoint = true`nuse_dualstack_endpoint = true`n"

    if ($moto) {
        # ---- roles (STS is moto); each role lives in its own account, where its row's job is
        Add-Row -Name 'role-source-profile' -Server moto -RoleArn 'arn:aws:iam::111111111111:role/FleetAdmin' -ProfileName 'admin' `
            -Config "[profile admin]`nrole_arn = arn:aws:iam::111111111111:role/FleetAdmin`nsource_profile = base`n" -Credentials $baseKeys
        Add-Row -Name 'role-chained' -Server moto -RoleArn 'arn:aws:iam::333333333333:role/Deploy' -ProfileName 'deploy' -Credentials $baseKeys `
            -Config "[profile deploy]`nrole_arn = arn:aws:iam::333333333333:role/Deploy`nsource_profile = hop`n[profile hop]`nrole_arn = arn:aws:iam::222222222222:role/Hop`nsource_profile = base`n"
        Add-Row -Name 'role-options' -Server moto -RoleArn 'arn:aws:iam::111111111112:role/Vendor' -ProfileName 'vendor' -Credentials $baseKeys `
            -Config "[profile vendor]`nrole_arn = arn:aws:iam::111111111112:role/Vendor`nsource_profile = base`nexternal_id = vendor-ext-7`nrole_session_name = alice-rollback`nduration_seconds = 1800`n"
        Add-Row -Name 'role-credential-source-env' -Server moto -RoleArn 'arn:aws:iam::111111111113:role/FromEnv' -ProfileName 'fromenv' `
            -Env @{ AWS_ACCESS_KEY_ID = 'AKIDENVSOURCE0001'; AWS_SECRET_ACCESS_KEY = 'env-source-secret-0001' } `
            -Config "[profile fromenv]`nrole_arn = arn:aws:iam::111111111113:role/FromEnv`ncredential_source = Environment`nexternal_id = env-ext-1`n"
        Add-Row -Name 'role-credential-source-imds' -Server moto -RoleArn 'arn:aws:iam::111111111114:role/FromInstance' -ProfileName 'frominstance' `
            -Env @{ AWS_EC2_METADATA_SERVICE_ENDPOINT = "$StandIn/" } -NoMetadataDisable `
            -Config "[profile frominstance]`nrole_arn = arn:aws:iam::111111111114:role/FromInstance`ncredential_source = Ec2InstanceMetadata`n"
        Add-Row -Name 'role-credential-source-ecs' -Server moto -RoleArn 'arn:aws:iam::111111111115:role/FromTask' -ProfileName 'fromtask' `
            -Env @{ AWS_CONTAINER_CREDENTIALS_FULL_URI = "$StandIn/container/credentials"; AWS_CONTAINER_AUTHORIZATION_TOKEN = $ContainerToken } `
            -Config "[profile fromtask]`nrole_arn = arn:aws:iam::111111111115:role/FromTask`ncredential_source = EcsContainer`n"
        # ---- web identity, from a profile and from the environment
        $jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ydW5uZXIifQ.c2lnbmF0dXJl'
        Add-Row -Name 'web-identity-profile' -Server moto -RoleArn 'arn:aws:iam::444444444444:role/Ci' -ProfileName 'ci' -Files @{ 'token.jwt' = $jwt } `
            -Config "[profile ci]`nrole_arn = arn:aws:iam::444444444444:role/Ci`nweb_identity_token_file = {HOME}/token.jwt`nrole_session_name = ci-run-42`n"
        Add-Row -Name 'web-identity-env' -Server moto -RoleArn 'arn:aws:iam::444444444445:role/Pod' -Files @{ 'pod-token' = ($jwt + 'pod') } `
            -Env @{ AWS_ROLE_ARN = 'arn:aws:iam::444444444445:role/Pod'; AWS_WEB_IDENTITY_TOKEN_FILE = '{HOME}/pod-token'; AWS_ROLE_SESSION_NAME = 'pod-7' }
        # ---- MFA in hosts that cannot prompt: -NonInteractive, redirected standard input, a bare runspace
        $mfaConfig = "[profile mfa]`nrole_arn = arn:aws:iam::555555555555:role/Guarded`nsource_profile = base`nmfa_serial = arn:aws:iam::123456789012:mfa/alice`n"
        Add-Row -Name 'mfa-noninteractive' -Server moto -RoleArn 'arn:aws:iam::555555555555:role/Guarded' -ProfileName 'mfa' -Config $mfaConfig -Credentials $baseKeys -NoSeed -TimeoutSeconds 30
        Add-Row -Name 'mfa-redirected-stdin' -Server moto -RoleArn 'arn:aws:iam::555555555555:role/Guarded' -ProfileName 'mfa' -Config $mfaConfig -Credentials $baseKeys -NoSeed -NonInteractive:$false -TimeoutSeconds 30
        Add-Row -Name 'mfa-bare-runspace' -Server moto -RoleArn 'arn:aws:iam::555555555555:role/Guarded' -ProfileName 'mfa' -Config $mfaConfig -Credentials $baseKeys -NoSeed -NonInteractive:$false -BareRunspace -TimeoutSeconds 30
    }

    Invoke-Rows
    $script:Log = Get-StandInLog
    # IOTJOBS_CREDENTIAL_LINES=<file> keeps each row's -Verbose credential line (or its error), e.g. for release notes.
    if ($env:IOTJOBS_CREDENTIAL_LINES) {
        $Rows.Values | ForEach-Object {
            $first = if ($_.Result -is [hashtable]) { $_.Result[@($_.Result.Keys)[0]] } else { $null }
            $line = if ($first) { @($first.Verbose | Where-Object { $_ -like 'Credentials:*' })[0] ?? @($first.Errors)[0] } else { "$($_.Result)" }
            "[$($_.Name)] VERBOSE: $line"
        } | Set-Content -Path $env:IOTJOBS_CREDENTIAL_LINES
    }
}

AfterAll {
    if ($standInProcess -and -not $standInProcess.HasExited) { $standInProcess.Kill($true) }
    Stop-TestEmulator $emu
    if ($moto) { Stop-TestMoto $moto }
    if (-not $env:IOTJOBS_KEEP_TEST_FILES) { Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue }
}

Describe 'Credential sources, each through all five cmdlets' {
    BeforeDiscovery {
        $emulatorRows = @('profile-static', 'default-profile', 'environment', 'sso-session', 'sso-legacy', 'sso-refresh', 'credential-process', 'container', 'imds',
            'endpoint-services-section', 'endpoint-profile-url')
        $motoRows = @('role-source-profile', 'role-chained', 'role-options', 'role-credential-source-env', 'role-credential-source-imds',
            'role-credential-source-ecs', 'web-identity-profile', 'web-identity-env')
        $script:AllRows = @($emulatorRows | ForEach-Object { @{ Name = $_; Server = 'emulator' } }) + @($motoRows | ForEach-Object { @{ Name = $_; Server = 'moto' } })
    }

    It '<Name>: lists, describes and cancels with every cmdlet, and the server shows the cancel' -ForEach $AllRows {
        if ($Server -eq 'moto' -and -not $HaveMoto) { Set-ItResult -Skipped -Because 'moto (python3 -m moto.server with boto3) is not installed'; return }
        $row = $Rows[$Name]
        $row.Result | Should -BeOfType [hashtable] -Because "$($row.Result)"
        foreach ($cmdlet in 'Get-IoTJobExecution', 'Get-IoTJob', 'Get-IoTThing', 'Stop-IoTJobExecution', 'Stop-IoTJob') {
            $row.Result[$cmdlet].Errors | Should -BeNullOrEmpty -Because "$cmdlet with $Name"
        }
        @($row.Result['Get-IoTJobExecution'].Output).Count | Should -Be 3
        # (moto reports a new job as QUEUED, a status AWS IoT jobs do not have; the emulator says IN_PROGRESS.)
        @($row.Result['Get-IoTJob'].Output) | Should -Be @(if ($Server -eq 'moto') { 'Job QUEUED' } else { 'Job IN_PROGRESS' })
        @($row.Result['Get-IoTThing'].Output) | Should -Be @("thing $($row.JobId)-t1")
        @($row.Result['Stop-IoTJobExecution'].Output) | Should -Be @('JobExecution CANCELED')
        @($row.Result['Stop-IoTJob'].Output) | Should -Be @('Job CANCELED')
        # Each cmdlet named where its credentials came from.
        foreach ($cmdlet in @($row.Result.Keys | Where-Object { $_ -ne 'Loads' })) { @($row.Result[$cmdlet].Verbose | Where-Object { $_ -like 'Credentials:*' }).Count | Should -Be 1 }
        # The server's own state: the canceled execution and job.
        if ($Server -eq 'emulator') {
            $state = Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/executions?jobId=$($row.JobId)"
            @($state.executions | Where-Object thingName -eq "$($row.JobId)-t1").status | Should -Be 'CANCELED'
            $state.statusCounts.CANCELED | Should -Be 3
        } else {
            $state = Invoke-RestMethod -Uri "$StandIn/_standin/moto-executions?roleArn=$([uri]::EscapeDataString($row.RoleArn))&jobId=$($row.JobId)"
            $state.executions."$($row.JobId)-t1" | Should -Be 'CANCELED'
            $state.jobStatus | Should -Be 'CANCELED'
        }
    }

    It 'loads AWSSDK.SecurityToken (roles) and AWSSDK.SSO (SSO) into the module''s private load context' {
        $Rows['sso-session'].Result['Loads'] | Should -Contain 'AWSSDK.SSO @ DependencyLoadContext'
        $Rows['sso-session'].Result['Loads'] | Should -Contain 'AWSSDK.Core @ DependencyLoadContext'
        if ($HaveMoto) { $Rows['role-source-profile'].Result['Loads'] | Should -Contain 'AWSSDK.SecurityToken @ DependencyLoadContext' }
        foreach ($row in $Rows.Values) { @($row.Result['Loads'] | Where-Object { $_ -notlike '* @ DependencyLoadContext' }) | Should -BeNullOrEmpty -Because $row.Name }
    }

    It 'never prints a secret: keys, session tokens, SSO and container tokens stay out of every stream' {
        $everything = ($Rows.Values | ForEach-Object { $_.Result | ConvertTo-Json -Depth 6 }) -join "`n"
        foreach ($secret in @($Secret, $Token, $SsoToken, $SsoRefreshToken, $ContainerToken, 'never-shown', 'env-source-secret-0001', 'client-secret-7')) {
            $everything | Should -Not -Match ([regex]::Escape($secret))
        }
    }
}

Describe 'What each source says, and what the stand-ins saw' {
    It 'static keys from a named profile, the default profile and the environment' {
        Credential-Line $Rows['profile-static'] | Should -Match "^Credentials: profile 'fleet' \(static keys\)\."
        Credential-Line $Rows['default-profile'] | Should -Match "^Credentials: profile 'default' \(temporary keys with a session token\)\."
        Credential-Line $Rows['environment'] | Should -Match '^Credentials: environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN\.'
    }

    It 'SSO (sso-session form): the portal was sent the cached token for the profile''s account and role' {
        Credential-Line $Rows['sso-session'] | Should -Match "IAM Identity Center \(SSO\) role FleetAdmin in account 210987654321 through sso-session 'corp'"
        $calls = @($Log | Where-Object { $_.path -eq '/federation/credentials' -and $_.query.account_id -eq '210987654321' })
        $calls.Count | Should -Be 1 -Because 'one portal call serves all five cmdlets (the credentials are kept for the session)'
        $calls[0].query.role_name | Should -Be 'FleetAdmin'
        $calls[0].headers.'x-amz-sso_bearer_token' | Should -Be $SsoToken
    }

    It 'SSO (legacy sso_start_url form): the token cache named after the start URL is used' {
        Credential-Line $Rows['sso-legacy'] | Should -Match "role Operator in account 210987654322 through legacy sso_start_url"
        $calls = @($Log | Where-Object { $_.path -eq '/federation/credentials' -and $_.query.account_id -eq '210987654322' })
        $calls.Count | Should -Be 1
        $calls[0].headers.'x-amz-sso_bearer_token' | Should -Be $SsoToken
    }

    It 'SSO without a token, or with an expired one: one clear error telling to run aws sso login, and no portal call' {
        foreach ($name in 'sso-missing-token', 'sso-expired-token') {
            $errors = @($Rows[$name].Result['Get-IoTJobExecution'].Errors)
            $errors.Count | Should -Be 1
            $errors[0] | Should -Match '^InvalidClientConfiguration,'
            $errors[0] | Should -Match ([regex]::Escape("Run 'aws sso login --profile sso-admin'"))
        }
        $Rows['sso-missing-token'].Result['Get-IoTJobExecution'].Errors[0] | Should -Match 'there is no SSO token for it'
        $Rows['sso-expired-token'].Result['Get-IoTJobExecution'].Errors[0] | Should -Match 'expired at'
        @($Log | Where-Object { $_.path -eq '/federation/credentials' }).Count | Should -Be 3 -Because 'only the rows with a valid or renewable token called the portal'
    }

    It 'SSO with an expired token and a refresh token: SSO-OIDC CreateToken renews it, the portal gets the new token, the cache is updated' {
        $refresh = @($Log | Where-Object { $_.path -eq '/token' })
        $refresh.Count | Should -Be 1
        $refresh[0].json.grantType | Should -Be 'refresh_token'
        $refresh[0].json.refreshToken | Should -Be $SsoRefreshToken
        $portal = @($Log | Where-Object { $_.path -eq '/federation/credentials' -and $_.query.account_id -eq '210987654323' })
        $portal.Count | Should -Be 1
        $portal[0].headers.'x-amz-sso_bearer_token' | Should -Match '^sso-refreshed-token-'
        $cache = Get-Content -Raw (Join-Path $Rows['sso-refresh'].Home ('.aws/sso/cache/{0}.json' -f (Sha1 'renew'))) | ConvertFrom-Json
        $cache.accessToken | Should -Be $portal[0].headers.'x-amz-sso_bearer_token'
        ([DateTime]$cache.expiresAt).ToUniversalTime() | Should -BeGreaterThan ([DateTime]::UtcNow.AddHours(7))
    }

    It 'credential_process: the program ran once for all five cmdlets, and its arguments are not shown' {
        Credential-Line $Rows['credential-process'] | Should -Match "profile 'proc' \(credential_process .*/bin/creds\.sh\)"
        @(Get-Content (Join-Path $Rows['credential-process'].Home 'process-runs')).Count | Should -Be 1
    }

    It 'container credentials: the endpoint was sent the authorization token' {
        Credential-Line $Rows['container'] | Should -Match 'container credentials from http://127\.0\.0\.1:\d+/container/credentials \(AWS_CONTAINER_CREDENTIALS_FULL_URI\), with AWS_CONTAINER_AUTHORIZATION_TOKEN'
        @($Log | Where-Object { $_.path -eq '/container/credentials' -and $_.headers.authorization -eq $ContainerToken }).Count | Should -BeGreaterOrEqual 1
    }

    It 'IMDSv2: a session token was fetched with PUT and sent with the credentials request' {
        Credential-Line $Rows['imds'] | Should -Match 'EC2 instance metadata \(IMDSv2 instance role at http://127\.0\.0\.1:\d+/\)'
        @($Log | Where-Object { $_.method -eq 'PUT' -and $_.path -eq '/latest/api/token' -and $_.headers.'x-aws-ec2-metadata-token-ttl-seconds' }).Count | Should -BeGreaterOrEqual 1
        @($Log | Where-Object { $_.path -eq '/latest/meta-data/iam/security-credentials/fleet-admin-instance-role' -and $_.headers.'x-aws-ec2-metadata-token' }).Count | Should -BeGreaterOrEqual 1
    }
}

Describe 'Endpoints from the profile, and FIPS / dual-stack hosts' {
    It 'a profile''s services section and endpoint_url say where the requests went' {
        Endpoint-Line $Rows['endpoint-services-section'] | Should -Match "Endpoint: $([regex]::Escape($emu.Endpoint))/ \(profile 'svc' services section 'rehearsal' \(iot endpoint_url\)\)"
        Endpoint-Line $Rows['endpoint-profile-url'] | Should -Match "Endpoint: $([regex]::Escape($emu.Endpoint))/ \(profile 'default' endpoint_url\)"
    }

    It 'AWS_USE_FIPS_ENDPOINT sends requests to iot-fips.<region>.amazonaws.com; with dual-stack to iot-fips.<region>.api.aws' {
        Endpoint-Line $Rows['endpoint-fips'] | Should -Match 'Endpoint: https://iot-fips\.us-gov-west-1\.amazonaws\.com/ \(default for region, FIPS from environment variable AWS_USE_FIPS_ENDPOINT\)'
        Endpoint-Line $Rows['endpoint-fips-dualstack'] | Should -Match "Endpoint: https://iot-fips\.us-gov-west-1\.api\.aws/ \(default for region, FIPS from profile 'gov' use_fips_endpoint, dual-stack from profile 'gov' use_dualstack_endpoint\)"
        # The proxy stand-in saw the hosts the client asked for (and forwarded nothing).
        $hosts = @($Log | Where-Object method -eq 'CONNECT' | ForEach-Object path | Sort-Object -Unique)
        $hosts | Should -Contain 'iot-fips.us-gov-west-1.amazonaws.com:443'
        $hosts | Should -Contain 'iot-fips.us-gov-west-1.api.aws:443'
        @($hosts | Where-Object { $_ -notlike 'iot-fips.us-gov-west-1.*' }) | Should -BeNullOrEmpty
    }
}

Describe 'Roles at STS (moto): what was assumed, with what' -Skip:(-not $HaveMoto) {
    It 'role_arn + source_profile: one AssumeRole for all five cmdlets, signed with the source profile''s key' {
        Credential-Line $Rows['role-source-profile'] | Should -Match "^Credentials: profile 'admin': role arn:aws:iam::111111111111:role/FleetAdmin assumed with STS AssumeRole \(session 'iotjobs-\d+'\), source: profile 'base' \(static keys\)\."
        $calls = Sts-Calls 'arn:aws:iam::111111111111:role/FleetAdmin'
        $calls.Count | Should -Be 1
        $calls[0].form.Action | Should -Be 'AssumeRole'
        $calls[0].headers.authorization | Should -Match 'Credential=AKIDBASE00000001/'
        @((Get-Moto).sts.AssumedRole | Where-Object role_arn -eq 'arn:aws:iam::111111111111:role/FleetAdmin' | Where-Object session_name -like 'iotjobs-*').Count | Should -BeGreaterOrEqual 1
    }

    It 'chained roles: the second role is assumed with the first role''s keys' {
        Credential-Line $Rows['role-chained'] | Should -Match "role arn:aws:iam::333333333333:role/Deploy assumed .* source: profile 'hop': role arn:aws:iam::222222222222:role/Hop assumed .* source: profile 'base' \(static keys\)"
        $hop = @(Sts-Calls 'arn:aws:iam::222222222222:role/Hop')
        $deploy = @(Sts-Calls 'arn:aws:iam::333333333333:role/Deploy')
        $hop.Count | Should -Be 1; $deploy.Count | Should -Be 1
        $hop[0].headers.authorization | Should -Match 'Credential=AKIDBASE00000001/'
        $hopKey = @((Get-Moto).sts.AssumedRole | Where-Object role_arn -eq 'arn:aws:iam::222222222222:role/Hop')[-1].access_key_id
        $deploy[0].headers.authorization | Should -Match "Credential=$hopKey/"
    }

    It 'external_id, role_session_name and duration_seconds reach STS' {
        Credential-Line $Rows['role-options'] | Should -Match "session 'alice-rollback', external_id set, duration 1800 s"
        $call = @(Sts-Calls 'arn:aws:iam::111111111112:role/Vendor')[0]
        $call.form.ExternalId | Should -Be 'vendor-ext-7'
        $call.form.RoleSessionName | Should -Be 'alice-rollback'
        $call.form.DurationSeconds | Should -Be '1800'
        @((Get-Moto).sts.AssumedRole | Where-Object { $_.role_arn -eq 'arn:aws:iam::111111111112:role/Vendor' -and $_.external_id -eq 'vendor-ext-7' }).Count | Should -Be 1
    }

    It 'credential_source Environment, Ec2InstanceMetadata and EcsContainer sign AssumeRole with those keys' {
        Credential-Line $Rows['role-credential-source-env'] | Should -Match 'source: credential_source Environment \(environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\)'
        $env = @(Sts-Calls 'arn:aws:iam::111111111113:role/FromEnv')[0]
        $env.headers.authorization | Should -Match 'Credential=AKIDENVSOURCE0001/'
        $env.form.ExternalId | Should -Be 'env-ext-1'
        Credential-Line $Rows['role-credential-source-imds'] | Should -Match 'source: credential_source Ec2InstanceMetadata \(EC2 instance metadata, IMDSv2, at http://127\.0\.0\.1:\d+/\)'
        @(Sts-Calls 'arn:aws:iam::111111111114:role/FromInstance')[0].headers.authorization | Should -Match "Credential=$Key/"
        Credential-Line $Rows['role-credential-source-ecs'] | Should -Match 'source: credential_source EcsContainer \(container credentials from http://127\.0\.0\.1:\d+/container/credentials'
        @(Sts-Calls 'arn:aws:iam::111111111115:role/FromTask')[0].headers.authorization | Should -Match "Credential=$Key/"
    }

    It 'web identity from a profile and from the environment: AssumeRoleWithWebIdentity with the token file''s contents' {
        Credential-Line $Rows['web-identity-profile'] | Should -Match "profile 'ci': role arn:aws:iam::444444444444:role/Ci assumed with STS AssumeRoleWithWebIdentity \(session 'ci-run-42', token file .*/token\.jwt\)"
        $ci = @(Sts-Calls 'arn:aws:iam::444444444444:role/Ci')
        $ci.Count | Should -Be 1
        $ci[0].form.Action | Should -Be 'AssumeRoleWithWebIdentity'
        $ci[0].form.WebIdentityToken | Should -Be 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ydW5uZXIifQ.c2lnbmF0dXJl'
        $ci[0].form.RoleSessionName | Should -Be 'ci-run-42'
        Credential-Line $Rows['web-identity-env'] | Should -Match "web identity from the environment: role arn:aws:iam::444444444445:role/Pod .*session 'pod-7'.*AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE"
        $pod = @(Sts-Calls 'arn:aws:iam::444444444445:role/Pod')
        $pod.Count | Should -Be 1
        $pod[0].form.WebIdentityToken | Should -Be 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaS1ydW5uZXIifQ.c2lnbmF0dXJlpod'
    }

    It 'mfa_serial in a host that cannot prompt: one clear terminating error naming the profile and mfa_serial, no hang, no AssumeRole' {
        foreach ($name in 'mfa-noninteractive', 'mfa-redirected-stdin', 'mfa-bare-runspace') {
            $row = $Rows[$name]
            $row.Result | Should -BeOfType [hashtable] -Because "$name finished (it did not hang): $($row.Result)"
            $errors = @($row.Result[@($row.Result.Keys)[0]].Errors)
            $errors.Count | Should -Be 1 -Because $name
            $errors[0] | Should -Match '^InvalidClientConfiguration,'
            $errors[0] | Should -Match "The profile 'mfa' assumes role arn:aws:iam::555555555555:role/Guarded with MFA \(mfa_serial arn:aws:iam::123456789012:mfa/alice\)"
        }
        $Rows['mfa-noninteractive'].Result['Get-IoTJobExecution'].Errors[0] | Should -Match 'PowerShell runs with -NonInteractive'
        $Rows['mfa-redirected-stdin'].Result['Get-IoTJobExecution'].Errors[0] | Should -Match 'standard input is redirected'
        $Rows['mfa-bare-runspace'].Result['Get-IoTJob'].Errors[0] | Should -Match 'no interactive host'
        @(Sts-Calls 'arn:aws:iam::555555555555:role/Guarded').Count | Should -Be 0
    }
}

Describe 'MFA in a real terminal (tmux): asked once through the host, the role kept for the session' -Skip:(-not ($HaveMoto -and $HaveTmux)) {
    It 'prompts once for five cmdlets and a second command, sends the typed code to STS, and cancels in the role''s account' {
        $name = 'mfa-interactive'
        $role = 'arn:aws:iam::555555555556:role/GuardedTty'
        Add-Row -Name $name -Server moto -RoleArn $role -ProfileName 'mfa-tty' -Credentials $baseKeys `
            -Config "[profile mfa-tty]`nrole_arn = $role`nsource_profile = base`nmfa_serial = arn:aws:iam::123456789012:mfa/bob`n"
        $row = $Rows[$name]
        $outFile = Join-Path $Work 'tty-result.json'
        $script = Join-Path $Work 'tty.ps1'
        Set-Content -Path $script -Value @"
& '$ChildScript' -Module '$Psd1' -JobId '$($row.JobId)' -ProfileName 'mfa-tty' | Set-Content '$outFile'
Get-IoTJob -JobId '$($row.JobId)' -ProfileName 'mfa-tty' | Out-Null
'SECOND COMMAND DONE'
"@
        $session = 'iotjobs-mfa-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $envArgs = @("PATH=$env:PATH", "HOME=$($row.Home)", 'TERM=xterm', 'AWS_EC2_METADATA_DISABLED=true', 'AWS_REGION=us-east-1',
            "AWS_ENDPOINT_URL_IOT=$($moto.Endpoint)", "AWS_ENDPOINT_URL_STS=$StandIn")
        if ($env:DOTNET_ROOT) { $envArgs += "DOTNET_ROOT=$env:DOTNET_ROOT" }
        # A tmux server of the test's own (-L), so a user's tmux sessions are never touched.
        $socket = $session
        & tmux -L $socket new-session -d -s $session -x 200 -y 50 env -i @envArgs $Pwsh -NoProfile -NoExit -File $script
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do { Start-Sleep -Milliseconds 300; $screen = (& tmux -L $socket capture-pane -p -t $session) -join "`n" } until ($screen -match 'Code:' -or [DateTime]::UtcNow -gt $deadline)
            $screen | Should -Match "MFA code for profile 'mfa-tty'"
            $screen | Should -Match 'arn:aws:iam::123456789012:mfa/bob'
            & tmux -L $socket send-keys -t $session '135790' Enter
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            do { Start-Sleep -Milliseconds 300; $screen = (& tmux -L $socket capture-pane -p -t $session) -join "`n" } until ($screen -match 'SECOND COMMAND DONE' -or [DateTime]::UtcNow -gt $deadline)
            $screen | Should -Match 'SECOND COMMAND DONE'
            ([regex]::Matches($screen, 'MFA code for profile')).Count | Should -Be 1 -Because 'the code is asked once, then the role is kept'
            $screen | Should -Not -Match '135790' -Because 'the code is typed like a password'
        } finally {
            & tmux -L $socket kill-server 2>$null
        }
        $result = Get-Content -Raw $outFile | ConvertFrom-Json -AsHashtable
        foreach ($cmdlet in @($result.Keys | Where-Object { $_ -ne 'Loads' })) { $result[$cmdlet].Errors | Should -BeNullOrEmpty -Because $cmdlet }
        @($result['Stop-IoTJob'].Output) | Should -Be @('Job CANCELED')
        $calls = @(Sts-Calls $role)
        $calls.Count | Should -Be 1
        $calls[0].form.SerialNumber | Should -Be 'arn:aws:iam::123456789012:mfa/bob'
        $calls[0].form.TokenCode | Should -Be '135790'
        $state = Invoke-RestMethod -Uri "$StandIn/_standin/moto-executions?roleArn=$([uri]::EscapeDataString($role))&jobId=$($row.JobId)"
        $state.jobStatus | Should -Be 'CANCELED'
    }
}
