namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// Lets -StatusDetails take the text a StatusDetails column holds after Export-Csv / Import-Csv
    /// (<c>reason=rollback;by=ops</c>, see <see cref="StringMap"/>) as well as a hashtable, so a record of what was
    /// canceled can be replayed with the same details. Only what is passed to -StatusDetails is read: the parameter
    /// never binds from piped objects, so a StatusDetails column in piped rows sets nothing.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class StatusDetailsTextAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = PSValue.Base(inputData);
            switch (value)
            {
                case string text:
                    try
                    {
                        return ToHashtable(StringMap.Parse(text));
                    }
                    catch (FormatException ex)
                    {
                        throw new ArgumentTransformationMetadataException(
                            $"-StatusDetails text is not valid: {ex.Message} Or pass a hashtable such as @{{reason='rollback'}}.", ex);
                    }
                case StringMap map:
                    return ToHashtable(map);
                default:
                    return inputData;
            }
        }

        private static Hashtable ToHashtable(StringMap map)
        {
            var table = new Hashtable(StringComparer.Ordinal);
            foreach (var pair in map) table[pair.Key] = pair.Value;
            return table;
        }
    }
}
