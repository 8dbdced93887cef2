using System;
using System.Management.Automation.Host;

namespace IoTJobs.PowerShell
{
    /// <summary>Whether anyone can answer a prompt in this host, decided before asking.</summary>
    internal static class HostPrompt
    {
        /// <summary>
        /// Null when the host can ask a person; otherwise why it cannot. pwsh's console host reads prompt answers from
        /// standard input, so with input redirected (cron, CI, `echo "" | pwsh -Command ...`, `&lt; /dev/null`) an answer
        /// would come from a file or an empty line, not from a person, and at end of file the host fails inside
        /// PromptForChoice. Hosts of their own (an editor, a test host, a remote session) are asked, and whatever they
        /// throw is handled by the caller as "cannot prompt".
        /// </summary>
        public static string? WhyCannotPrompt(PSHost? host)
        {
            if (host?.UI == null) return "the host has no user interface";
            if (string.Equals(host.Name, "ConsoleHost", StringComparison.Ordinal) && Console.IsInputRedirected)
                return "its standard input is redirected, not a terminal";
            return null;
        }
    }
}
