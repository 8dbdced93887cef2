namespace IoTJobs.PowerShell.Input
{
    /// <summary>Values as PowerShell hands them over: often wrapped in a PSObject, whose BaseObject is the value itself.</summary>
    internal static class PSValue
    {
        /// <summary>The value without its PSObject wrapper.</summary>
        public static object? Base(object? value) => value is PSObject pso ? pso.BaseObject : value;

        /// <summary>A parameter value read element by element: a list as the array of its elements' results, else the one value's.</summary>
        public static object? EachOf<T>(object? value, Func<object?, T> one) => Base(value) switch
        {
            IEnumerable list and not string => list.Cast<object?>().Select(item => one(Base(item))).ToArray(),
            var single => one(single),
        };
    }
}
