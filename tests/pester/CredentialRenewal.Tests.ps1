# A refreshing -Credential object (as AWS.Tools hands out for an assumed role) renewed during a long bulk run, in a
# fresh pwsh whose environment holds only PATH and HOME: every request is signed with the keys the object has at that
# moment, so nothing fails when the old keys expire at the service (the emulator counts requests per access key).

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:Psd1 = (Resolve-Path "$PSScriptRoot/../../IoTJobs.psd1").Path
    $script:Pwsh = Join-Path $PSHOME 'pwsh'
    $script:Work = $TestDrive
    $script:emu = Start-TestEmulator
}

AfterAll {
    Stop-TestEmulator $emu
}

Describe 'A refreshing -Credential object renewed during a long bulk run' {
    It 'signs every request with the keys the object has at that moment, so nothing fails when the old keys expire' {
        $old = 'ASIAOLDKEY00000001'; $oldSecret = 'old-secret-' + [guid]::NewGuid().ToString('N')
        $new = 'ASIANEWKEY00000001'; $newSecret = 'new-secret-' + [guid]::NewGuid().ToString('N')
        foreach ($pair in @(@{ accessKey = $old; secretKey = $oldSecret }, @{ accessKey = $new; secretKey = $newSecret })) {
            $null = Invoke-RestMethod -Method Post -Uri "$($emu.Endpoint)/_emulator/credentials" -Body ($pair | ConvertTo-Json) -ContentType 'application/json'
        }
        $things = 1..60 | ForEach-Object { "renew-$_" }
        $null = Invoke-EmulatorSeed -Endpoint $emu.Endpoint -JobId 'cred-renew' -ThingName $things
        $script = Join-Path $Work 'renew.ps1'
        # Like an assumed role's credentials: after 30 signatures the object hands out renewed keys, and 24 signatures
        # later (three times -ThrottleLimit: every request signed with the old keys has long been answered) the old
        # keys expire at the service.
        Set-Content -Path $script -Value @'
param($Module, $Endpoint, $Old, $OldSecret, $New, $NewSecret)
Add-Type -TypeDefinition @"
using System.Collections;
using System.Threading;
public sealed class RenewingCredentials {
    private int _calls;
    public string Endpoint, Old, OldSecret, New, NewSecret;
    public int Calls { get { return _calls; } }
    public Hashtable GetCredentials() {
        int n = Interlocked.Increment(ref _calls);
        if (n == 54) {
            using (var http = new System.Net.Http.HttpClient())
                http.DeleteAsync(Endpoint + "/_emulator/credentials?accessKey=" + Old).GetAwaiter().GetResult();
        }
        return n <= 30 ? new Hashtable { { "AccessKey", Old }, { "SecretKey", OldSecret }, { "Token", "old-token" } }
                       : new Hashtable { { "AccessKey", New }, { "SecretKey", NewSecret }, { "Token", "new-token" } };
    }
}
"@
Import-Module $Module
$creds = [RenewingCredentials]@{ Endpoint = $Endpoint; Old = $Old; OldSecret = $OldSecret; New = $New; NewSecret = $NewSecret }
$common = @{ EndpointUrl = $Endpoint; Region = 'us-east-1'; Credential = $creds }
$all = @(& { Get-IoTJobExecution -JobId cred-renew @common | Stop-IoTJobExecution -Confirm:$false -ThrottleLimit 8 @common } *>&1)
[ordered]@{
    Canceled = @($all | Where-Object { $_ -is [IoTJobs.PowerShell.Output.JobExecution] -and "$($_.Status)" -eq 'CANCELED' }).Count
    Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
    Calls = $creds.Calls
    # The old keys really expired at the service: a request signed with them now is refused.
    OldKeysAfter = try { $null = Get-IoTJob -JobId cred-renew -EndpointUrl $Endpoint -Region us-east-1 -AccessKey $Old -SecretKey $OldSecret -ErrorAction Stop; 'accepted' } catch { $_.FullyQualifiedErrorId }
} | ConvertTo-Json -Compress
'@
        $psi = [System.Diagnostics.ProcessStartInfo]::new($Pwsh)
        foreach ($a in @('-NoProfile', '-NonInteractive', '-File', $script, $Psd1, $emu.Endpoint, $old, $oldSecret, $new, $newSecret)) { $psi.ArgumentList.Add($a) }
        $psi.Environment.Clear(); $psi.Environment['PATH'] = $env:PATH; $psi.Environment['HOME'] = $Work; $psi.Environment['AWS_EC2_METADATA_DISABLED'] = 'true'
        if ($env:DOTNET_ROOT) { $psi.Environment['DOTNET_ROOT'] = $env:DOTNET_ROOT }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true; $psi.UseShellExecute = $false
        $p = [System.Diagnostics.Process]::Start($psi)
        $o = $p.StandardOutput.ReadToEndAsync(); $e = $p.StandardError.ReadToEndAsync()
        $p.WaitForExit(120000) | Should -BeTrue
        $r = @($o.Result -split "`r?`n" | Where-Object { $_.StartsWith('{') })[-1] | ConvertFrom-Json
        $r | Should -Not -BeNullOrEmpty -Because "$($o.Result) $($e.Result)"
        $r.Errors | Should -BeNullOrEmpty
        $r.Canceled | Should -Be 60
        $r.Calls | Should -BeGreaterThan 60
        $byKey = (Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/stats").requestsByAccessKey
        $byKey.$old | Should -Be 30
        $byKey.$new | Should -Be ($r.Calls - 30)
        (Invoke-RestMethod -Uri "$($emu.Endpoint)/_emulator/executions?jobId=cred-renew").statusCounts.CANCELED | Should -Be 60
        $r.OldKeysAfter | Should -Be 'AccessDenied,IoTJobs.PowerShell.Cmdlets.GetIoTJobCommand'
    }
}
