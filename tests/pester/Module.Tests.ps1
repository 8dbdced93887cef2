# The module as users get it: the root manifest imports after a build, exports exactly its cmdlets, and every
# cmdlet declares what it outputs.
BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifestPath = Join-Path $root 'IoTJobs.psd1'
    $module = Import-Module $manifestPath -Force -PassThru
}

Describe 'IoTJobs module' {
    It 'passes Test-ModuleManifest' {
        $m = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $m.Name | Should -Be 'IoTJobs'
    }

    It 'lists its exports explicitly, without wildcards' {
        $data = Import-PowerShellDataFile $manifestPath
        foreach ($key in 'CmdletsToExport', 'FunctionsToExport', 'AliasesToExport', 'VariablesToExport') {
            $data.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit"
            @($data[$key]) -join ',' | Should -Not -Match '\*'
        }
    }

    It 'exports exactly the cmdlets the manifest names, all of them implemented' {
        $data = Import-PowerShellDataFile $manifestPath
        $exported = @($module.ExportedCmdlets.Keys | Sort-Object)
        $exported | Should -Be @($data.CmdletsToExport | Sort-Object)
    }

    It 'declares an output type on every cmdlet' {
        foreach ($name in $module.ExportedCmdlets.Keys) {
            (Get-Command $name).OutputType.Count | Should -BeGreaterThan 0 -Because "$name needs [OutputType]"
        }
    }
}
