# The reliability run of issue 6 at suite size: tests/reliability/Invoke-ReliabilityRun.ps1 (the full 1,000-execution
# run prints the README figures) with 200 executions under 20 % faults (503, dropped, applied-then-dropped), a 5 s
# outage (standard 3 attempts: the affected items end in clear errors and the tally still holds; the full run also
# shows the long retries carrying it through), 16 runspaces at once and Ctrl+C, in a child pwsh (it sets AWS_MAX_ATTEMPTS).
# Every check the script makes must pass, and the figures it prints must say nothing was lost, doubled or leaked.

BeforeAll {
    $script:Output = $null
    $script:ExitCode = $null
    $psi = [System.Diagnostics.ProcessStartInfo]::new((Join-Path $PSHOME 'pwsh'))
    foreach ($a in @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot '../reliability/Invoke-ReliabilityRun.ps1'),
            '-Count', '200', '-Seed', '11', '-OutageCount', '40', '-OutageAttempts', '3', '-Runspaces', '16', '-PerRunspace', '4', '-SkipBadInput')) {
        $psi.ArgumentList.Add($a)
    }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($psi)
    $out = $p.StandardOutput.ReadToEndAsync(); $err = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit(300000)) { $p.Kill($true); throw 'the reliability run did not finish in 300 s' }
    $script:ExitCode = $p.ExitCode
    $script:Output = $out.Result + $err.Result
    # The figures are shown only when something failed (the suite's log stays short otherwise).
    if ($script:ExitCode -ne 0) { Write-Host $script:Output }
}

Describe 'Reliability run (200 executions, 20 % faults, 5 s outage, 16 runspaces, Ctrl+C)' {
    It 'passes every check it makes' {
        $Output | Should -Match '\[PASS\] fault run: every execution CANCELED server-side'
        $Output | Should -Not -Match '\[FAIL\]'
        $ExitCode | Should -Be 0
    }

    It 'cancels all 200 under faults, each reported exactly once, none lost, none falsely failed' {
        $Output | Should -Match '\[fault run, 200 executions[^\]]*\] items 200 \| listed 200 \(distinct 200\) \| output 200 \| errors 0 \| exactly one outcome 200/200 \| lost 0 \| duplicates 0 \| false errors 0 \| false successes 0'
        $Output | Should -Match 'server: CANCELED 200/200'
    }

    It 'injected every kind of fault, the ambiguous one included, and resolved ambiguous cancels through the service' {
        $Output -match 'applyThenDrop=(\d+)' | Should -BeTrue
        [int]$Matches[1] | Should -BeGreaterThan 0
        $Output -match 'ambiguous cancels resolved by describe (\d+)' | Should -BeTrue
    }

    It 'keeps an exact tally through a 5 s outage: every item one outcome, errors only for executions not canceled' {
        $Output | Should -Match '\[outage 5 s[^\]]*AWS_MAX_ATTEMPTS=3\] items 40 \| listed 40 \(distinct 40\) \| output \d+ \| errors \d+ \| exactly one outcome 40/40 \| lost 0 \| duplicates 0 \| false errors 0 \| false successes 0'
        $Output -match 'outage=(\d+)' | Should -BeTrue
    }

    It 'runs 16 runspaces at once without crossing or losing items' {
        $Output | Should -Match '\[16 runspaces at once[^\]]*\] runspaces finished 16 \| output 64/64 \| errors 0 \| items from another runspace''s job 0 \| duplicates 0 \| server CANCELED 64/64'
    }

    It 'stops on Ctrl+C and sends nothing afterwards' {
        # How fast Stop() returns is the run's figure to report (it prints it); that Ctrl+C gives up the requests in flight
        # rather than waiting for them is StopIoTJobExecutionBulkTests' to show, against an emulator whose clock never moves.
        $Output | Should -Match 'API requests after the stop: \+0 in 2 s, \+0 in the next 1 s'
        $Output | Should -Match 'Stop\(\) returned in \d+ ms'
    }

    It 'leaks no secret into any stream, error or emulator log' {
        $Output | Should -Match 'secret key or session token found 0 times; signed Authorization values found 0 times'
    }
}
