namespace IoTJobs.PowerShell.Tests.Support
{
    /// <summary>
    /// The rows of the confirmation matrix both Stop cmdlets share (src/IoTJobs.PowerShell/Host/Confirmation.cs), and the
    /// check of a -WhatIf run: one list, asserted for each cmdlet in its own Confirmation tests.
    /// </summary>
    public static class ConfirmationMatrix
    {
        /// <summary>(parameter, setup): -Confirm, or $ConfirmPreference Medium or Low; every item is asked about.</summary>
        public static TheoryData<string, string> ConfirmOrLower => new()
        {
            { "-Confirm", "" },
            { "", "$ConfirmPreference = 'Medium'" },
            { "", "$ConfirmPreference = 'Low'" },
        };

        /// <summary>(parameter, setup): -Confirm:$false, or $ConfirmPreference None; nothing is asked, even with -Force.</summary>
        public static TheoryData<string, string> NeverPrompt => new()
        {
            { "-Confirm:$false", "" },
            { "", "$ConfirmPreference = 'None'" },
        };

        /// <summary>(parameter, setup, force): -WhatIf or $WhatIfPreference, with and without -Force; -WhatIf wins over -Confirm.</summary>
        public static TheoryData<string, string, bool> WhatIf => new()
        {
            { "-WhatIf", "", false },
            { "-WhatIf", "", true },
            { "", "$WhatIfPreference = $true", false },
            { "", "$WhatIfPreference = $true", true },
            { "-WhatIf -Confirm", "", true },
        };

        /// <summary>
        /// A -WhatIf run: no output, no error, no prompt, and one "What if:" line per name in order, each naming it (and
        /// <paramref name="every"/>, when given) and saying "Force-canceling" exactly when <paramref name="force"/>.
        /// </summary>
        public static void AssertOnlyWhatIf(PowerShellSession s, AnsweringHost host, ICollection<PSObject> output, IReadOnlyList<string> names, bool force, string? every = null)
        {
            Assert.Empty(output);
            Assert.Empty(s.Errors);
            Assert.Empty(host.Prompts);
            var whatIf = host.Output.Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
            Assert.Equal(names.Count, whatIf.Count);
            for (int i = 0; i < names.Count; i++)
            {
                Assert.Contains(names[i], whatIf[i]);
                if (every != null) Assert.Contains(every, whatIf[i]);
                Assert.Equal(force, whatIf[i].Contains("Force-canceling"));
            }
        }
    }
}
