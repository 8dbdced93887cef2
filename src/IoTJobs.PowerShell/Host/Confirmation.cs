using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation.Host;

namespace IoTJobs.PowerShell.Host
{
    /// <summary>
    /// The confirmation matrix both Stop cmdlets share (see about_IoTJobs): -WhatIf wins and sends nothing; a prompt is
    /// due when the item's impact (High for a force-cancel or a whole job, Medium otherwise) reaches $ConfirmPreference;
    /// the prompt is the module's own, Yes / Yes to All / No / No to All, and its default is No, so a bare Enter never
    /// confirms (ShouldProcess's defaults to Yes); a host that cannot answer fails the item with ConfirmationRequired.
    /// </summary>
    internal sealed class Confirmation
    {
        private const int YesChoice = 0, YesToAllChoice = 1, NoChoice = 2, NoToAllChoice = 3;

        private readonly IoTJobsCmdlet _cmdlet;
        private readonly bool _whatIf;
        private bool _yesToAll;
        private bool _noToAll;

        public Confirmation(IoTJobsCmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            Preference = EffectivePreference(cmdlet);
            _whatIf = EffectiveWhatIf(cmdlet);
        }

        /// <summary>True under -WhatIf (or $WhatIfPreference): nothing is sent.</summary>
        public bool WhatIf => _whatIf;

        /// <summary>The $ConfirmPreference in force for this invocation: -Confirm sets Low, -Confirm:$false sets None.</summary>
        public ConfirmImpact Preference { get; }

        /// <summary>True when items of this impact are prompted for (whatever has been answered so far).</summary>
        public bool PromptsFor(ConfirmImpact impact) => !_whatIf && Preference != ConfirmImpact.None && impact >= Preference;

        /// <summary>
        /// One confirmation for one item. True: go ahead. False: skipped (-WhatIf, a "No", or a host that cannot prompt,
        /// in which case <paramref name="cannotPrompt"/>'s error record has been written for this item).
        /// </summary>
        /// <param name="whatIf">The "What if:" line.</param>
        /// <param name="query">The question: names the item, its known state and what the cancel does.</param>
        /// <param name="caption">The prompt's caption.</param>
        /// <param name="impact">High for force-cancels and whole-job cancels.</param>
        /// <param name="cannotPrompt">Builds this item's error record from why the host cannot prompt (and its exception, if any).</param>
        /// <param name="declined">Verbose line written when the answer is No.</param>
        public bool Confirm(string whatIf, string query, string caption, ConfirmImpact impact, Func<string, Exception?, ErrorRecord> cannotPrompt, string? declined = null)
        {
            if (_whatIf)
            {
                _cmdlet.ShouldProcess(whatIf, query, caption); // writes "What if: ..." and returns false
                return false;
            }
            if (!PromptsFor(impact)) return true;
            if (_yesToAll) return true;
            if (_noToAll) return Declined(declined);

            var why = HostPrompt.WhyCannotPrompt(_cmdlet.Host);
            if (why != null)
            {
                _cmdlet.Report.Error(cannotPrompt(why, null));
                return false;
            }
            int choice;
            try
            {
                choice = _cmdlet.Host.UI.PromptForChoice(caption, query, Choices(), NoChoice);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // pwsh -NonInteractive, a runspace without a UI, a host that fails reading its input: never a Yes.
                _cmdlet.Report.Error(cannotPrompt("it could not show the prompt: " + ex.Message, ex));
                return false;
            }
            switch (choice)
            {
                case YesChoice:
                    return true;
                case YesToAllChoice:
                    _yesToAll = true;
                    return true;
                case NoToAllChoice:
                    _noToAll = true;
                    return Declined(declined);
                default:
                    return Declined(declined);
            }
        }

        /// <summary>The advice every "cannot prompt" message ends with.</summary>
        public const string CannotPromptAdvice =
            "Check the targets with -WhatIf, then pass -Confirm:$false to run without prompts (the runbook-safe form).";

        private bool Declined(string? declined)
        {
            if (declined != null) _cmdlet.Report.Verbose(declined);
            return false;
        }

        private static Collection<ChoiceDescription> Choices() => new Collection<ChoiceDescription>
        {
            new ChoiceDescription("&Yes", "Cancel this one."),
            new ChoiceDescription("Yes to &All", "Cancel this one and every further one this command asks about."),
            new ChoiceDescription("&No", "Do not cancel this one (the default)."),
            new ChoiceDescription("No to A&ll", "Cancel none of the remaining ones this command asks about."),
        };

        private static ConfirmImpact EffectivePreference(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm))
            {
                return LanguagePrimitives.IsTrue(confirm) ? ConfirmImpact.Low : ConfirmImpact.None;
            }
            var value = cmdlet.GetVariableValue("ConfirmPreference");
            if (value != null && LanguagePrimitives.TryConvertTo<ConfirmImpact>(value, CultureInfo.InvariantCulture, out var preference))
            {
                return preference;
            }
            return ConfirmImpact.High;
        }

        private static bool EffectiveWhatIf(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)) return LanguagePrimitives.IsTrue(whatIf);
            return LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));
        }
    }
}
