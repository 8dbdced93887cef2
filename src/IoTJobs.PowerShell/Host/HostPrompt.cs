using System.Management.Automation.Host;

namespace IoTJobs.PowerShell.Host
{
    /// <summary>
    /// Whether anyone can answer a prompt in this host, decided before asking: used for confirmations (Confirmation)
    /// and for the MFA code (MfaPrompt).
    /// </summary>
    internal static class HostPrompt
    {
        /// <summary>
        /// Null when the host can ask a person; otherwise why it cannot. pwsh's console host reads prompt answers from
        /// standard input, so with input redirected (cron, CI, `echo "" | pwsh -Command ...`, `&lt; /dev/null`) an answer
        /// would come from a file or an empty line, not from a person, and at end of file the host fails inside
        /// PromptForChoice. A runspace without an interactive host (a thread job, an API caller) has nobody to ask, and a
        /// Start-Job worker hands its prompts to a parent session that may be reading them from a file.
        /// Other hosts (an editor, a test host, a remote session) are asked, and whatever they throw is handled by the
        /// caller as "cannot prompt".
        /// </summary>
        public static string? WhyCannotPrompt(PSHost? host)
        {
            if (host?.UI == null) return "there is no host to ask";
            if (string.Equals(host.Name, "Default Host", StringComparison.Ordinal))
                return "this PowerShell runspace has no interactive host to ask";
            if (string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal))
            {
                foreach (var arg in Environment.GetCommandLineArgs())
                {
                    // pwsh -NonInteractive (any unambiguous prefix from -noni on).
                    var a = arg.TrimStart('-', '/');
                    if (a.Length >= 4 && "noninteractive".StartsWith(a, StringComparison.OrdinalIgnoreCase))
                        return "PowerShell runs with -NonInteractive";
                }
                if (Console.IsInputRedirected) return "its standard input is redirected, not a terminal";
            }
            if (string.Equals(host.Name, "ServerRemoteHost", StringComparison.Ordinal) && IsBackgroundJobProcess())
            {
                // Start-Job runs the command in a child pwsh (-s) and hands its prompts to the parent session, which
                // answers them from whatever it reads: a person, or, in cron or CI, the parent's redirected input (`yes |`).
                // Nobody here can tell which, so a background job never confirms an irreversible cancel.
                return "it runs in a background job started by Start-Job, whose prompts the parent session would answer from whatever it reads, a person or a redirected input";
            }
            return null;
        }

        // A Start-Job worker: pwsh started with -s (-servermode), not an interactive remote session (-sshs, WinRM).
        private static bool IsBackgroundJobProcess()
        {
            foreach (var arg in Environment.GetCommandLineArgs())
            {
                var a = arg.TrimStart('-', '/');
                if (string.Equals(a, "s", StringComparison.OrdinalIgnoreCase) || string.Equals(a, "servermode", StringComparison.OrdinalIgnoreCase))
                    return true;
            }
            return false;
        }
    }
}
