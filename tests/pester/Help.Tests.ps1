# Get-Help for every exported cmdlet and about_IoTJobs, as built from module/help (see module/help/README.md).
# Fails when a cmdlet or parameter lacks help, a cmdlet has fewer than three examples, the help's parameter metadata
# (type, sets, required, position, pipeline input, aliases, accepted values) disagrees with the real cmdlet, or an
# example's documented output is no longer what the command prints against the emulator.

BeforeDiscovery {
    $script:cmdlets = @((Import-PowerShellDataFile "$PSScriptRoot/../../IoTJobs.psd1").CmdletsToExport)
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1"
    Import-Module "$PSScriptRoot/../../IoTJobs.psd1" -Force
    Import-Module "$PSScriptRoot/../../module/help/HelpTools.psm1" -Force
    $script:helpDir = (Resolve-Path "$PSScriptRoot/../../module/help").Path
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path

    function Get-ParaText($node) { (@($node) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join "`n" }
}

Describe 'Get-Help <_> -Full' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $command = Get-Command $name -Module IoTJobs
        $help = Get-Help $name -Full
        $markdownPath = Join-Path $helpDir "$name.md"
        $expected = @(Get-HelpParameterMetadata $command)
        $helpParameters = @{}
        foreach ($p in @($help.parameters.parameter)) { if ($p) { $helpParameters[$p.name] = $p } }
    }

    It 'has a Markdown source in module/help' {
        Test-Path $markdownPath | Should -BeTrue -Because "module/help/$name.md is the source of its help"
    }

    It 'comes from the MAML file: synopsis and description' {
        # Without a help file, PowerShell makes up a synopsis from the syntax.
        $help.Synopsis | Should -Not -Match ([regex]::Escape($name) + '\s+\[') -Because 'the generated MAML file must be found'
        $help.Synopsis.Trim().Length | Should -BeGreaterThan 20
        (Get-ParaText $help.description).Length | Should -BeGreaterThan 200
    }

    It 'has at least three examples, each with code and output' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($ex in $examples) {
            $ex.code | Should -Match $name.Split('-')[1] -Because "example '$($ex.title.Trim('- '))' shows a command"
            (Get-ParaText $ex.remarks).Trim() | Should -Not -BeNullOrEmpty -Because "example '$($ex.title.Trim('- '))' shows its output"
        }
    }

    It 'describes every parameter of the cmdlet' {
        foreach ($p in $expected) {
            $helpParameters.ContainsKey($p.Name) | Should -BeTrue -Because "-$($p.Name) needs help"
            (Get-ParaText $helpParameters[$p.Name].description).Trim().Length | Should -BeGreaterThan 20 -Because "-$($p.Name) needs a description"
            (Get-ParaText $helpParameters[$p.Name].description) | Should -Not -Match '\{\{' -Because "-$($p.Name) still has a stub"
        }
    }

    It 'documents no parameter the cmdlet does not have' {
        $extra = @($helpParameters.Keys | Where-Object { $_ -notin $expected.Name })
        $extra | Should -BeNullOrEmpty
    }

    It 'states each parameter''s metadata as the cmdlet declares it' {
        foreach ($p in $expected) {
            $h = $helpParameters[$p.Name]
            if (-not $h) { continue }   # reported by the test above
            $m = $p.Metadata
            $h.type.name | Should -BeExactly $m['Type'] -Because "the type of -$($p.Name)"
            $h.required | Should -BeExactly $m['Required'].ToLowerInvariant() -Because "whether -$($p.Name) is required"
            $h.position | Should -BeExactly $m['Position'].ToLowerInvariant() -Because "the position of -$($p.Name)"
            $h.pipelineInput | Should -BeExactly $m['Accept pipeline input'] -Because "the pipeline input of -$($p.Name)"
            $aliases = if ($m['Aliases'] -eq 'None') { 'none' } else { $m['Aliases'] }
            $h.aliases | Should -BeExactly $aliases -Because "the aliases of -$($p.Name)"
            $h.defaultValue | Should -Not -BeNullOrEmpty -Because "-$($p.Name) states its default"
            if ($m.Contains('Accepted values')) {
                ((Get-ParaText $h.description) -replace '\s+', ' ') | Should -Match ([regex]::Escape("Accepted values: $($m['Accepted values'])")) -Because "-$($p.Name) lists its values"
            }
        }
    }

    It 'has one syntax block per parameter set, with that set''s parameters' {
        $items = @($help.syntax.syntaxItem)
        $items.Count | Should -Be @($command.ParameterSets).Count
        $engine = [System.Management.Automation.Cmdlet]::CommonParameters
        $helpSets = @($items | ForEach-Object { (@($_.parameter | ForEach-Object name) | Sort-Object) -join ',' })
        foreach ($set in $command.ParameterSets) {
            $visible = @($set.Parameters | Where-Object { -not $_.Attributes.Where({ $_ -is [Parameter] -and $_.DontShow }) -and $_.Name -notin $engine -and $_.Name -ne 'UseTransaction' } |
                ForEach-Object Name | Sort-Object) -join ','
            $helpSets | Should -Contain $visible -Because "parameter set '$($set.Name)' needs its syntax"
        }
    }

    It 'names its inputs, outputs (the [OutputType]) and related links, with an AWS API reference' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        foreach ($type in $command.OutputType) { $outputs | Should -Contain $type.Name }
        $links = @($help.relatedLinks.navigationLink)
        @($links | Where-Object { $_.linkText -like '*-IoT*' }).Count | Should -BeGreaterThan 0
        @($links | Where-Object { $_.uri -like 'https://docs.aws.amazon.com/iot/latest/apireference/API_*.html' }).Count | Should -BeGreaterThan 0
    }
}

Describe 'about_IoTJobs' {
    It 'is found by Get-Help and explains credentials, regions, confirmation, bulk behaviour and the emulator' {
        $text = Get-Help about_IoTJobs | Out-String
        $text | Should -Match 'about_IoTJobs'
        foreach ($topic in 'CREDENTIALS', 'REGIONS', '-Force', '-Confirm:\$false', '-WhatIf', '-ThrottleLimit', 'adaptive',
                 'Write-Progress', 'Output order', 'THE LOCAL EMULATOR', '_emulator/seed', 'EndpointUrl', 'AWS_REGION') {
            $text | Should -Match $topic
        }
    }

    It 'lives in module/en-US, generated from module/help' {
        $built = Join-Path $repoRoot 'module/en-US/about_IoTJobs.help.txt'
        Test-Path $built | Should -BeTrue
        Get-Content -Raw $built | Should -BeExactly (Get-Content -Raw (Join-Path $helpDir 'about_IoTJobs.help.txt'))
        Test-Path (Join-Path $repoRoot 'module/en-US/IoTJobs.PowerShell.dll-Help.xml') | Should -BeTrue
    }
}

Describe 'Beside AWS.Tools.IoT: the docs name the shared commands, and runbook examples name the module' {
    BeforeAll {
        # A bare IoTJobs command name (any case, as AWS.Tools.IoT spells it too), not preceded by a module qualifier.
        $bare = '(?<![\\\w-])(Get|Stop)-IoT(JobExecution|Job|ThingGroup|Thing)\b'
        $readme = Get-Content -Raw (Join-Path $repoRoot 'README.md')
        $about = Get-Content -Raw (Join-Path $helpDir 'about_IoTJobs.help.txt')
    }

    It '<Name> names the six shared commands, -Force against -Enforce, list against describe, the installers and the silencing' -ForEach @(
        @{ Name = 'about_IoTJobs' }, @{ Name = 'README.md' }
    ) {
        $text = $(if ($Name -eq 'README.md') { $readme } else { $about }) -replace '\s+', ' '
        foreach ($command in 'Stop-IOTJobExecution', 'Stop-IOTJob', 'Get-IOTJobExecution', 'Get-IOTJob', 'Get-IOTThing', 'Get-IOTThingGroup') {
            $text | Should -MatchExactly ([regex]::Escape($command) + '\b') -Because "$Name names AWS.Tools.IoT's $command"
        }
        foreach ($fact in '-Enforce', 'ThingName', 'Install-PSResource', 'Install-Module', '-AllowClobber', 'IOTJOBS_SUPPRESS_CLASH_WARNING',
                 '-WarningAction SilentlyContinue', '#Requires -Modules IoTJobs', 'IoTJobs\Stop-IoTJobExecution', 'AWS.Tools.IoT\Stop-IOTJobExecution') {
            $text | Should -Match ([regex]::Escape($fact)) -Because "$Name explains $fact"
        }
    }

    It 'every runbook-form example in module/help (-Confirm:$false) calls IoTJobs'' cmdlets by module-qualified name' {
        $checked = 0
        foreach ($file in Get-ChildItem $helpDir -Filter '*-IoT*.md') {
            foreach ($ex in (Read-HelpMarkdown $file.FullName).Examples | Where-Object { $_.Code -match '-Confirm:\$false' }) {
                $checked++
                $ex.Code | Should -Not -Match $bare -Because "$($file.Name) '$($ex.Title)' is a runbook step"
            }
        }
        $checked | Should -BeGreaterOrEqual 6
    }

    It 'every runbook line in the README and about_IoTJobs (-Confirm:$false, or a block with #Requires) names the module' {
        $blocks = [regex]::Matches($readme, '(?ms)^```[^\n]*\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value }
        $lines = @(foreach ($block in $blocks) {
                if ($block -match '(?m)^#Requires') { $block -split "`n" | Where-Object { $_ -notmatch '-Prefix' } }
                else { $block -split "`n" | Where-Object { $_ -match '-Confirm:\$false' } }
            }) + @($about -split "`n" | Where-Object { $_ -match '-Confirm:\$false' })
        $lines.Count | Should -BeGreaterOrEqual 10
        foreach ($line in $lines) { $line | Should -Not -Match $bare -Because 'a runbook step must not reach AWS.Tools.IoT''s command of the same name' }
    }
}

Describe 'Help examples' {
    BeforeAll {
        # Every example of every cmdlet runs once, in one child pwsh (startup is the slow part), against a fleet
        # seeded afresh before each cmdlet's examples.
        $emu = Start-TestEmulator
        $docs = @{}
        $groups = [ordered]@{}
        foreach ($name in $cmdlets) {
            $doc = Read-HelpMarkdown (Join-Path $helpDir "$name.md")
            $docs[$name] = $doc
            $code = [ordered]@{}
            foreach ($ex in $doc.Examples) { if ($ex.Fence -eq 'powershell') { $code[[string]$ex.Line] = $ex.Code } }
            $groups[$name] = $code
        }
        $ran = Invoke-HelpExampleSet -Groups $groups -Endpoint $emu.Endpoint -ModulePath (Join-Path $repoRoot 'IoTJobs.psd1')
    }
    AfterAll { Stop-TestEmulator $emu }

    It '<_>: every example still prints its documented output' -ForEach $cmdlets {
        $doc = $docs[$_]
        $run = @($doc.Examples | Where-Object Fence -eq 'powershell')
        $run.Count | Should -BeGreaterOrEqual 3 -Because 'at least three examples are run'
        foreach ($ex in $run) {
            $ex.Output | Should -Not -BeNullOrEmpty -Because "'$($ex.Title)' documents its output"
            $actual = $ran[$_][[string]$ex.Line]
            $because = "'$($ex.Title)' should still print what module/help/$_.md shows (run module/help/Update-HelpSource.ps1 to refresh); it printed:`n$actual"
            (ConvertTo-ComparableOutput $actual) | Should -Be (ConvertTo-ComparableOutput $ex.Output) -Because $because
        }
    }
}
