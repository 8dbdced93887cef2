# The suite's response-shape check can fail: tests/Test-ResponseShapes.ps1 on reports with and without violations, and
# an emulator PROCESS (as the Pester suite starts them) checking against a patched copy of botocore's model writes the
# violation that makes the check fail. The patched run uses its own report directory, never the suite's.

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    $script:Check = (Resolve-Path "$PSScriptRoot/../Test-ResponseShapes.ps1").Path
    $script:Pwsh = Join-Path $PSHOME 'pwsh'

    function Invoke-Check([string] $Reports, [switch] $RequireCoverage) {
        $results = Join-Path ([System.IO.Path]::GetTempPath()) ("shape-results-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $results
        $argList = @('-NoProfile', '-NonInteractive', '-File', $script:Check, '-ReportDirectory', $Reports, '-ResultsDirectory', $results)
        if ($RequireCoverage) { $argList += '-RequireCoverage' }
        $text = & $script:Pwsh @argList 2>&1 | Out-String
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = $text; Result = Get-Content -Raw (Join-Path $results 'shapes.json') | ConvertFrom-Json }
    }

    function New-Report([string] $Dir, [string] $Kind, [hashtable] $Counts, [string[]] $Violations = @()) {
        $null = New-Item -ItemType Directory -Path $Dir -Force
        $id = "shapes-1-" + [guid]::NewGuid().ToString('N').Substring(0, 8)
        @{ pid = 1; hostKind = $Kind; responses = ($Counts.Values | Measure-Object -Sum).Sum; violations = $Violations.Count
           operations = @('iot:DescribeJob'); counts = $Counts } | ConvertTo-Json | Set-Content (Join-Path $Dir "$id.json")
        foreach ($v in $Violations) { Add-Content -Path (Join-Path $Dir "$id.violations.jsonl") -Value $v }
    }
}

Describe 'Test-ResponseShapes.ps1' {
    It 'fails when nothing was checked (the check was not on), instead of passing' {
        $r = Invoke-Check (Join-Path TestDrive: 'empty')
        $r.ExitCode | Should -Be 1
        $r.Text | Should -Match '\[FAIL\] responses were checked'
        $r.Result.failed | Should -BeGreaterThan 0
    }

    It 'fails on a violation and prints it with the request and the body' {
        $dir = Join-Path (Get-Item TestDrive:).FullName 'bad'
        $v = '{"operation":"CancelJobExecution","method":"PUT","path":"/things/a/jobs/j/cancel","status":409,"errorCode":"VersionConflictException","problems":["$.executionState: not a member of VersionConflictException (members: message)"],"body":"{\"message\":\"m\",\"executionState\":{}}"}'
        New-Report $dir 'process' @{ 'iot:DescribeJob 200' = 3; 'iot:CancelJobExecution 409 VersionConflictException' = 1 } @($v)
        New-Report $dir 'in-process' @{ 'iot:DescribeJob 200' = 5 }
        $r = Invoke-Check $dir -RequireCoverage
        $r.ExitCode | Should -Be 1
        $r.Text | Should -Match '\[FAIL\] no response broke the model: 1 response'
        $r.Text | Should -Match 'VIOLATION PUT /things/a/jobs/j/cancel -> 409 VersionConflictException'
        $r.Text | Should -Match 'executionState: not a member'
        $r.Result.failed | Should -Be 1
        $r.Result.passed | Should -Be 4
    }

    It 'passes clean reports from both kinds of host, and with -RequireCoverage fails when one kind or an operation is missing' {
        $dir = Join-Path (Get-Item TestDrive:).FullName 'good'
        New-Report $dir 'process' @{ 'iot:DescribeJob 200' = 3 }
        New-Report $dir 'in-process' @{ 'iot:DescribeJob 404 ResourceNotFoundException' = 2 }
        $r = Invoke-Check $dir -RequireCoverage
        $r.ExitCode | Should -Be 0
        $r.Result.passed | Should -Be 5
        $r.Text | Should -Match '5 response\(s\) from 2 process'

        $one = Join-Path (Get-Item TestDrive:).FullName 'one-kind'
        New-Report $one 'in-process' @{ 'iot:DescribeJob 404 ResourceNotFoundException' = 2 }
        $r = Invoke-Check $one -RequireCoverage
        $r.ExitCode | Should -Be 1
        $r.Text | Should -Match '\[FAIL\] emulator processes'
        $r.Text | Should -Match '\[FAIL\] every operation the emulator serves answered a success: never: iot:DescribeJob'
    }

    It 'reports itself skipped when told botocore is missing' {
        $results = Join-Path (Get-Item TestDrive:).FullName 'skip'
        $null = New-Item -ItemType Directory -Path $results
        & $script:Pwsh -NoProfile -NonInteractive -File $script:Check -ResultsDirectory $results -SkipReason 'no botocore' | Out-Null
        $LASTEXITCODE | Should -Be 0
        (Get-Content -Raw (Join-Path $results 'shapes.json') | ConvertFrom-Json).skipped | Should -Be 1
    }
}

Describe 'An emulator process checks its own responses' {
    BeforeAll {
        $script:Botocore = $env:IOTJOBS_CHECK_SHAPES_BOTOCORE
        if (-not $script:Botocore) {
            $dir = & python3 -c 'import botocore,os;print(os.path.dirname(botocore.__file__))' 2>$null
            if ($LASTEXITCODE -eq 0 -and $dir) { $script:Botocore = Join-Path $dir 'data' }
        }
    }

    It 'a process whose responses break the (patched) model writes the violation, and the check fails on it' {
        if (-not $script:Botocore -or -not (Test-Path (Join-Path $script:Botocore 'iot'))) {
            Set-ItResult -Skipped -Because 'botocore is not installed for python3 (its iot model is the reference)'
            return
        }
        # botocore's own models, with Job.isConcurrent taken out: the emulator is unchanged, its DescribeJob now "wrong".
        $root = (Get-Item TestDrive:).FullName
        $models = Join-Path $root 'models'
        foreach ($svc in @(@('iot', '2015-05-28'), @('iot-jobs-data', '2017-09-29'))) {
            $src = Join-Path $script:Botocore "$($svc[0])/$($svc[1])/service-2.json.gz"
            $in = [System.IO.Compression.GZipStream]::new([System.IO.File]::OpenRead($src), [System.IO.Compression.CompressionMode]::Decompress)
            $text = [System.IO.StreamReader]::new($in).ReadToEnd()
            $in.Dispose()
            $model = $text | ConvertFrom-Json -AsHashtable -Depth 100
            if ($svc[0] -eq 'iot') { $model.shapes.Job.members.Remove('isConcurrent') }
            $dest = Join-Path $models "$($svc[0])/$($svc[1])"
            $null = New-Item -ItemType Directory -Path $dest -Force
            $model | ConvertTo-Json -Depth 100 -Compress | Set-Content (Join-Path $dest 'service-2.json')
        }
        $reports = Join-Path $root 'reports'
        # Start-TestEmulator fails unless the emulator prints its Listening line within 30 s.
        $emu = Start-TestEmulator -AwsPace -Environment @{ IOTJOBS_CHECK_SHAPES_BOTOCORE = $models; IOTJOBS_CHECK_SHAPES_DIR = $reports }
        try {
            $endpoint = $emu.Endpoint
            $null = Invoke-EmulatorSeed -Endpoint $endpoint -JobId shape-job -ThingName shape-thing
            Import-Module "$PSScriptRoot/../../IoTJobs.psd1"
            $job = Get-IoTJob -JobId shape-job -EndpointUrl $endpoint -AccessKey test -SecretKey test -Region us-east-1
            $job.JobId | Should -Be 'shape-job'
            $violations = @(Get-ChildItem $reports -Filter '*.violations.jsonl' | Get-Content | ConvertFrom-Json)
            $violations.Count | Should -Be 1
            $violations[0].operation | Should -Be 'DescribeJob'
            $violations[0].problems[0] | Should -Match 'isConcurrent'
        }
        finally {
            Stop-TestEmulator $emu
        }
        # The process was killed: its violation was on disk already, and the check fails on it.
        $r = Invoke-Check $reports
        $r.ExitCode | Should -Be 1
        $r.Text | Should -Match 'VIOLATION GET /jobs/shape-job -> 200'
    }
}
