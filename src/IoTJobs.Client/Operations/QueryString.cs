using System.Globalization;
using System.Text;

namespace IoTJobs.Client.Operations
{
    /// <summary>A request's query parameters in the order added, percent-encoded as AWS reads them.</summary>
    internal sealed class QueryString
    {
        private readonly List<KeyValuePair<string, string>> _items;

        public QueryString() => _items = new List<KeyValuePair<string, string>>();

        private QueryString(List<KeyValuePair<string, string>> items) => _items = items;

        public QueryString Add(string name, string value)
        {
            _items.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        /// <summary>Adds the value unless it is null or empty.</summary>
        public QueryString AddIfSet(string name, string? value) => string.IsNullOrEmpty(value) ? this : Add(name, value!);

        /// <summary>name=true when set; left out otherwise (force, recursive).</summary>
        public QueryString AddFlag(string name, bool value) => value ? Add(name, "true") : this;

        /// <summary>name=true or name=false when set (lowercase, as botocore sends booleans).</summary>
        public QueryString AddBool(string name, bool? value) => value.HasValue ? Add(name, value.Value ? "true" : "false") : this;

        /// <summary>maxResults, checked against the operation's limit before anything is sent.</summary>
        public QueryString AddPageSize(int? pageSize, int max = PageSize.ListMax) =>
            PageSize.Check(pageSize, max) is int n ? Add("maxResults", n.ToString(CultureInfo.InvariantCulture)) : this;

        /// <summary>A copy with one more parameter (unless the value is null): the same query with a page's nextToken.</summary>
        public QueryString With(string name, string? value)
        {
            var copy = new QueryString(new List<KeyValuePair<string, string>>(_items));
            return value == null ? copy : copy.Add(name, value);
        }

        /// <summary>"" or "?a=1&amp;b=2".</summary>
        public override string ToString()
        {
            if (_items.Count == 0) return "";
            var sb = new StringBuilder("?");
            for (int i = 0; i < _items.Count; i++)
            {
                if (i > 0) sb.Append('&');
                sb.Append(Uri.EscapeDataString(_items[i].Key)).Append('=').Append(Uri.EscapeDataString(_items[i].Value));
            }
            return sb.ToString();
        }
    }

    /// <summary>The per-page result limits the service accepts.</summary>
    internal static class PageSize
    {
        /// <summary>The jobs, things and thing-group lists: 1 to 250.</summary>
        public const int ListMax = 250;
        /// <summary>SearchIndex: its documentation caps maxResults at 100 (the model sets only a minimum).</summary>
        public const int SearchMax = 100;

        /// <exception cref="ArgumentOutOfRangeException">The size is outside 1..max.</exception>
        public static int? Check(int? pageSize, int max)
        {
            if (pageSize.HasValue && (pageSize.Value < 1 || pageSize.Value > max))
                throw new ArgumentOutOfRangeException("PageSize", pageSize.Value, $"PageSize {pageSize.Value} is not valid: the service accepts 1 to {max} results per page.");
            return pageSize;
        }
    }
}
