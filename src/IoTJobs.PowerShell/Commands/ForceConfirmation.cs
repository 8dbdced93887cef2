using System;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;

namespace IoTJobs.PowerShell
{
    /// <summary>
    /// The -Force confirmation matrix shared by Stop-IoTJobExecution and Stop-IoTJob (one instance per invocation, made in
    /// BeginProcessing):
    /// - ShouldProcess comes first, so -WhatIf and $WhatIfPreference win over everything and nothing is sent.
    /// - Without -Force, ShouldProcess alone decides (it prompts only for -Confirm or $ConfirmPreference Medium/Low).
    /// - With -Force, when ShouldProcess has not prompted already, ShouldContinue asks (Yes / Yes to All / No / No to All)
    ///   unless -Confirm:$false or $ConfirmPreference = 'None': force is confirmed, never a way around confirmation.
    /// - A host that cannot prompt fails that item with the caller's error record instead of hanging or going ahead.
    /// </summary>
    internal sealed class ForceConfirmation
    {
        private readonly PSCmdlet _cmdlet;
        private readonly bool _force;
        private bool _yesToAll;
        private bool _noToAll;

        public ForceConfirmation(PSCmdlet cmdlet, bool force)
        {
            _cmdlet = cmdlet;
            _force = force;
            Preference = EffectivePreference(cmdlet);
        }

        /// <summary>The $ConfirmPreference in force for this invocation: -Confirm sets Low, -Confirm:$false sets None.</summary>
        public ConfirmImpact Preference { get; }

        /// <summary>
        /// One confirmation for one item. True: go ahead. False: skipped (-WhatIf, a "No", or a host that cannot prompt,
        /// in which case <paramref name="cannotPrompt"/>'s error record has been written for this item).
        /// </summary>
        /// <param name="whatIf">The "What if:" line / ShouldProcess description.</param>
        /// <param name="query">The question shown in prompts; should name the item, its known state and, with -Force, the consequence.</param>
        /// <param name="caption">The prompt's caption.</param>
        /// <param name="cannotPrompt">Builds this item's error record from the host's exception.</param>
        /// <param name="declined">Verbose line written when -Force's prompt is answered No.</param>
        public bool Confirm(string whatIf, string query, string caption, Func<Exception, ErrorRecord> cannotPrompt, string? declined = null)
        {
            try
            {
                if (!_cmdlet.ShouldProcess(whatIf, query, caption)) return false;

                bool shouldProcessPrompted = Preference == ConfirmImpact.Medium || Preference == ConfirmImpact.Low;
                if (_force && !shouldProcessPrompted && Preference != ConfirmImpact.None)
                {
                    if (!_cmdlet.ShouldContinue(query, caption, ref _yesToAll, ref _noToAll))
                    {
                        if (declined != null) _cmdlet.WriteVerbose(declined);
                        return false;
                    }
                }
                return true;
            }
            catch (Exception ex) when (IsCannotPrompt(ex))
            {
                // A runbook, pwsh -NonInteractive, a bare runspace: fail this item clearly instead of hanging or going on unconfirmed.
                _cmdlet.WriteError(cannotPrompt(ex));
                return false;
            }
        }

        /// <summary>The advice every "cannot prompt" message ends with.</summary>
        public const string CannotPromptAdvice =
            "but this host cannot prompt. Check the targets with -WhatIf, then pass -Confirm:$false to run without prompts (the runbook-safe form).";

        private static bool IsCannotPrompt(Exception ex) =>
            ex is HostException || ex is PSInvalidOperationException || ex is NotImplementedException || ex is NotSupportedException;

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
    }
}
