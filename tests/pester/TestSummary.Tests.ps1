# The CI summary script (tests/Write-TestSummary.ps1) counts every test that ran, and fails on results it cannot read.
# Each case builds a results folder by hand and runs the script in a child pwsh, as build.sh does.

BeforeAll {
    $script:Summary = Join-Path $PSScriptRoot '..' 'Write-TestSummary.ps1'
    # The same PowerShell as this one; run as a dotnet tool it is pwsh.dll under the dotnet host.
    $script:PwshHost = (Get-Process -Id $PID).Path
    $script:HostArgs = @(if ((Split-Path -Leaf $script:PwshHost) -like 'dotnet*') { Join-Path $PSHOME 'pwsh.dll' })

    function New-Trx([string] $Path, [int] $Passed, [int] $Failed = 0, [int] $Skipped = 0) {
        $total = $Passed + $Failed + $Skipped
        $xml = @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="00000000-0000-0000-0000-000000000001" name="t" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <ResultSummary outcome="Completed">
    <Counters total="$total" executed="$($Passed + $Failed)" passed="$Passed" failed="$Failed" error="0" timeout="0" aborted="0" inconclusive="0" notExecuted="$Skipped" />
  </ResultSummary>
</TestRun>
"@
        # -LiteralPath: the names under test contain [ ].
        Set-Content -LiteralPath $Path -Value $xml -Encoding utf8
    }

    function New-Results([hashtable] $Trx, $Pester = @{ passed = 7; failed = 0; skipped = 1 }) {
        $dir = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory -Path (Join-Path $dir 'xunit')
        foreach ($name in $Trx.Keys) {
            $value = $Trx[$name]
            $path = Join-Path $dir 'xunit' $name
            if ($value -is [string]) { Set-Content -LiteralPath $path -Value $value } else { New-Trx $path @value }
        }
        if ($null -ne $Pester) { $Pester | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $dir 'pester.json') }
        @{ passed = 2; failed = 0; skipped = 0 } | ConvertTo-Json | Set-Content -LiteralPath (Join-Path $dir 'shapes.json')
        $dir
    }

    function Invoke-Summary([string] $Dir, [string] $Projects) {
        $hostArgs = $script:HostArgs
        $out = & $script:PwshHost @hostArgs -NoProfile -NonInteractive -File $script:Summary -ResultsDirectory $Dir -XunitProject $Projects
        [pscustomobject]@{ Lines = @($out); ExitCode = $LASTEXITCODE; Last = @($out)[-1] }
    }
}

Describe 'Write-TestSummary' {
    It 'sums every project and Pester, and says per runner what it counted' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 10; Failed = 0; Skipped = 2 }; 'B.Tests.trx' = @{ Passed = 5 } }
        $r = Invoke-Summary $dir 'A.Tests,B.Tests'
        $r.ExitCode | Should -Be 0
        $r.Lines | Should -Contain 'xunit: A 12, B 5; Pester 8; Response shapes 2'
        $r.Last | Should -Be '24 passed, 0 failed, 3 skipped'
    }

    It 'reads a results file whose name has [1] in it literally (not as a wildcard)' {
        $dir = New-Results @{ 'C[1].Tests.trx' = @{ Passed = 4; Failed = 1 } }
        $r = Invoke-Summary $dir 'C[1].Tests'
        $r.Lines | Should -Contain 'xunit: C[1] 5; Pester 8; Response shapes 2'
        $r.Last | Should -Be '13 passed, 1 failed, 1 skipped'
        $r.ExitCode | Should -Be 1
    }

    It 'fails, naming the file, when a stray [1]-named results file is in the folder' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 3 }; '_vm_2026-12-01_09_23_03_net10.0[1].trx' = @{ Passed = 9 } }
        $r = Invoke-Summary $dir 'A.Tests'
        $r.ExitCode | Should -Be 1
        ($r.Lines -join "`n") | Should -Match ([regex]::Escape('_vm_2026-12-01_09_23_03_net10.0[1].trx'))
        $r.Last | Should -Be '12 passed, 1 failed, 1 skipped'
    }

    It 'fails, naming the file, when a results file is corrupt' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 3 }; 'B.Tests.trx' = '<TestRun><ResultSummary><Counters total="5"' }
        $r = Invoke-Summary $dir 'A.Tests,B.Tests'
        $r.ExitCode | Should -Be 1
        ($r.Lines -join "`n") | Should -Match 'B\.Tests.*could not be read'
        $r.Lines | Should -Contain 'xunit: A 3, B unreadable; Pester 8; Response shapes 2'
        $r.Last | Should -Be '12 passed, 1 failed, 1 skipped'
    }

    It 'fails when a project left no results file' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 3 } }
        $r = Invoke-Summary $dir 'A.Tests,Gone.Tests'
        $r.ExitCode | Should -Be 1
        ($r.Lines -join "`n") | Should -Match 'Gone\.Tests left no results file'
        $r.Last | Should -Be '12 passed, 1 failed, 1 skipped'
    }

    It 'fails when Pester left no counts, or unreadable ones' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 3 } } -Pester $null
        $r = Invoke-Summary $dir 'A.Tests'
        $r.ExitCode | Should -Be 1
        $r.Last | Should -Be '5 passed, 1 failed, 0 skipped'

        Set-Content -LiteralPath (Join-Path $dir 'pester.json') -Value '{"passed": "many"}'
        $r = Invoke-Summary $dir 'A.Tests'
        $r.ExitCode | Should -Be 1
        ($r.Lines -join "`n") | Should -Match 'pester\.json could not be read'
    }

    It 'fails when the response-shape check left no counts' {
        $dir = New-Results @{ 'A.Tests.trx' = @{ Passed = 3 } }
        Remove-Item -LiteralPath (Join-Path $dir 'shapes.json')
        $r = Invoke-Summary $dir 'A.Tests'
        $r.ExitCode | Should -Be 1
        ($r.Lines -join "`n") | Should -Match 'Response shapes left no results file'
        $r.Last | Should -Be '10 passed, 1 failed, 1 skipped'
    }
}
