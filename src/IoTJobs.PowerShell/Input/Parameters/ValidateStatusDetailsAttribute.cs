namespace IoTJobs.PowerShell.Input.Parameters
{
    /// <summary>
    /// Parameter validation for -StatusDetails: a bad map is a parameter binding error (terminating, before any request),
    /// with a message naming the bad key or value and the service's rule.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class ValidateStatusDetailsAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = PSValue.Base(arguments);
            if (value is not IDictionary details)
            {
                throw new ValidationMetadataException("-StatusDetails must be a hashtable such as @{reason='rollback'}.");
            }
            try
            {
                StatusDetailsValidator.ToDetailsMap(details);
            }
            catch (ArgumentException ex)
            {
                throw new ValidationMetadataException(ex.Message, ex);
            }
        }
    }
}
