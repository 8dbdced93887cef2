namespace IoTJobs.PowerShell.Reporting
{
    /// <summary>
    /// The one way the module writes to PowerShell's streams. Before a record is written to a stream whose preference
    /// ends the command (Stop, Inquire, Break), <see cref="BeforeStop"/> runs once, so that a cmdlet with cancels in
    /// flight writes every applied one first: nothing written to any stream can end the command while applied cancels
    /// are unwritten.
    /// </summary>
    internal sealed class Reporter
    {
        private readonly PSCmdlet _cmdlet;
        private readonly StreamPreferences _preferences;
        private bool _stopping;

        public Reporter(PSCmdlet cmdlet, StreamPreferences preferences)
        {
            _cmdlet = cmdlet;
            _preferences = preferences;
        }

        /// <summary>Runs before a record that may end the command (not again while it runs).</summary>
        public Action? BeforeStop { get; set; }

        public bool Stops(Stream stream) => _preferences.Stops(stream);

        public void Output(object value) => _cmdlet.WriteObject(value);

        public void Error(ErrorRecord record)
        {
            Guard(Stream.Error);
            _cmdlet.WriteError(record);
        }

        public void Warning(string text)
        {
            Guard(Stream.Warning);
            _cmdlet.WriteWarning(text);
        }

        public void Verbose(string text)
        {
            Guard(Stream.Verbose);
            _cmdlet.WriteVerbose(text);
        }

        public void Information(object data, string[] tags)
        {
            Guard(Stream.Information);
            _cmdlet.WriteInformation(data, tags);
        }

        public void Progress(ProgressRecord record)
        {
            Guard(Stream.Progress);
            _cmdlet.WriteProgress(record);
        }

        /// <summary>Runs <see cref="BeforeStop"/> when a record about to be written may end the command (a terminating error too).</summary>
        public void Guard(Stream stream)
        {
            if (!_preferences.Stops(stream)) return;
            GuardAlways();
        }

        /// <summary>Runs <see cref="BeforeStop"/> now: the command is about to end whatever the preferences (ThrowTerminatingError).</summary>
        public void GuardAlways()
        {
            if (_stopping || BeforeStop == null) return;
            _stopping = true;
            try
            {
                BeforeStop();
            }
            finally
            {
                _stopping = false;
            }
        }
    }
}
