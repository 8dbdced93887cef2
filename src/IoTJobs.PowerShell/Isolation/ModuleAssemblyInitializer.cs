using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace IoTJobs.PowerShell.Isolation
{
    /// <summary>
    /// Runs when PowerShell imports (and removes) the module: lets the default load context find IoTJobs.Client in the
    /// module's private load context, the one bridge between the two. Nothing else is answered, so the default context
    /// never loads AWSSDK.Core on this module's behalf.
    /// </summary>
    public sealed class ModuleAssemblyInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>Called by PowerShell on Import-Module.</summary>
        public void OnImport() => DependencyIsolation.Register();

        /// <summary>Called by PowerShell on Remove-Module.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Unregister();
    }

    /// <summary>The resolve hook and the private load context it answers from (one per process).</summary>
    internal static class DependencyIsolation
    {
        internal const string DependencyFolderName = "deps";
        internal const string ClientAssemblyName = "IoTJobs.Client";
        // The AWS facts (regions, ARNs, name rules) the cmdlets read directly, as the client does.
        internal const string AwsAssemblyName = "IoTJobs.Aws";

        private static readonly object Gate = new object();
        private static int _registrations;
        private static DependencyLoadContext? _context;

        /// <summary>module/bin/deps beside the cmdlet assembly.</summary>
        internal static string DependencyDirectory =>
            Path.Combine(Path.GetDirectoryName(typeof(DependencyIsolation).Assembly.Location) ?? ".", DependencyFolderName);

        /// <summary>The private context, made on first need (null when the layout has no deps folder).</summary>
        internal static DependencyLoadContext? Context
        {
            get
            {
                lock (Gate)
                {
                    if (_context == null && Directory.Exists(DependencyDirectory)) _context = new DependencyLoadContext(DependencyDirectory);
                    return _context;
                }
            }
        }

        // Counted because several runspaces can import the module in one process; the hook stays while any holds it.
        internal static void Register()
        {
            lock (Gate)
            {
                if (_registrations++ == 0) AssemblyLoadContext.Default.Resolving += OnResolving;
            }
        }

        internal static void Unregister()
        {
            lock (Gate)
            {
                if (_registrations > 0 && --_registrations == 0) AssemblyLoadContext.Default.Resolving -= OnResolving;
            }
        }

        // Only reached when the default context cannot find IoTJobs.Client by itself: in the laid-out module it is not
        // beside the cmdlet assembly. A host that already has it (the xunit test host lists it as a platform assembly)
        // never gets here, and everything then simply lives in the default context.
        private static Assembly? OnResolving(AssemblyLoadContext requester, AssemblyName name)
        {
            if (!string.Equals(name.Name, ClientAssemblyName, StringComparison.Ordinal) &&
                !string.Equals(name.Name, AwsAssemblyName, StringComparison.Ordinal)) return null;
            var context = Context;
            if (context == null || !File.Exists(Path.Combine(context.Directory, name.Name + ".dll"))) return null;
            return context.LoadFromAssemblyName(name);
        }
    }
}
