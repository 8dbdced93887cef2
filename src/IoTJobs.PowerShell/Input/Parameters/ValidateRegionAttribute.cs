namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// -Region must look like an AWS region name (new regions appear, so the shape is checked, not a fixed list).
    /// Empty means "not given": a blank CSV column or a hand-built object falls back to the environment's region.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateRegionAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = PSValue.Base(arguments);
            if (value is not string s || s.Length == 0) return;
            if (!Regions.IsValid(s))
            {
                var shown = MessageText.Shorten(s, 40);
                throw new ValidationMetadataException($"'{shown}' is not {Regions.Rule}.");
            }
        }
    }
}
