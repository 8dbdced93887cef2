using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace IoTJobs.PowerShell.Isolation
{
    /// <summary>
    /// The module's private load context: IoTJobs.Client and its dependencies (AWSSDK.Core 4.1.0, ...) load here from
    /// module/bin/deps, so another module's AWSSDK.Core in the default context (AWS.Tools ships its own; every 4.x build
    /// is assembly version 4.0.0.0 and the first loaded wins) neither breaks this module nor is broken by it.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;
        private readonly HashSet<string> _platform;

        internal DependencyLoadContext(string directory)
        {
            _directory = directory;
            _platform = PlatformAssemblyNames();
        }

        internal string Directory => _directory;

        /// <summary>
        /// Runs before the default context is asked, which matters: the default context would hand back whichever
        /// AWSSDK.Core another module loaded first.
        /// </summary>
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name;
            // Platform assemblies (System.Text.Json, System.Memory, Microsoft.Bcl.AsyncInterfaces in PowerShell 7, ...)
            // come from the runtime: types that cross into the cmdlet assembly (IAsyncEnumerable, Task, Span) must be
            // the same types on both sides, and the runtime's copies are newer than the netstandard2.0 packages.
            if (string.IsNullOrEmpty(name) || _platform.Contains(name!)) return null;
            var path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static HashSet<string> PlatformAssemblyNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
            {
                foreach (var path in list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries))
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
            return names;
        }

        public override string ToString() => "IoTJobs private dependencies (" + _directory + ")";
    }
}
