using IoTJobs.Client.Retry;

namespace IoTJobs.Client.Http
{
    /// <summary>
    /// Runs one API call to its answer, attempt by attempt: pace → credentials → sign (afresh, at the corrected time) →
    /// send → classify → clock-skew correction → retry policy. Each stage is its own class; this one runs them in order.
    /// </summary>
    internal sealed class RequestPipeline(SigningCredentials credentials, RequestSigner signer, HttpTransport transport, RequestPacer pacer,
        IRetryPolicy retry, int maxAttempts, ClockSkew clockSkew, IClock clock, RequestLog log) : IDisposable
    {
        private readonly SigningCredentials _credentials = credentials;
        private readonly RequestSigner _signer = signer;
        private readonly HttpTransport _transport = transport;
        private readonly RequestPacer _pacer = pacer;
        private readonly IRetryPolicy _retry = retry;
        private readonly int _maxAttempts = maxAttempts;
        private readonly ClockSkew _clockSkew = clockSkew;
        private readonly IClock _clock = clock;
        private readonly RequestLog _log = log;
        private int _disposed;

        public RequestPacer Pacer => _pacer;
        public IRetryPolicy RetryPolicy => _retry;

        /// <summary>Sends the call with retries; returns the success body or throws <see cref="IoTServiceException"/>.</summary>
        public async Task<byte[]> SendAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _disposed) != 0) throw new ObjectDisposedException(nameof(IoTJobsClient));
            var call = new RetryCall(_maxAttempts);
            var callStarted = _clock.Elapsed;
            bool outcomeUnknown = false, skewCorrected = false;
            string? previousCode = null;
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pace = await _pacer.AcquireAsync(request.RateKey, cancellationToken).ConfigureAwait(false);
                var signedAt = _clockSkew.SigningTime(request.Uri, _clock.UtcNow);
                var attemptStarted = _clock.Elapsed;
                var creds = await _credentials.ResolveAsync(request.Operation, attempt, outcomeUnknown).ConfigureAwait(false);
                var secrets = new[] { creds.SecretKey, creds.Token };
                var result = await _transport.SendAsync(request, _signer.Sign(request, creds, signedAt), attempt, _maxAttempts, attemptStarted, cancellationToken).ConfigureAwait(false);

                var failure = result.Failure;
                if (result.Answer != null)
                {
                    if (result.Answer.IsSuccess)
                    {
                        pace.OnAnswer(throttled: false);
                        _retry.OnSuccess(call);
                        return result.Answer.Body;
                    }
                    failure = request.Errors.Read(request.Operation, result.Answer);
                    // botocore's throttling detector (the throttling codes, or HTTP 429), less LimitExceededException.
                    pace.OnAnswer(throttled: ErrorCodes.IsRateSignal(failure.Code, failure.Status));
                }

                // One correction per call; a second time error in one call is reported, not corrected.
                bool corrected = !skewCorrected && failure!.Status != 0 &&
                                 _clockSkew.TryCorrect(request.Uri, failure.Code, failure.ServiceMessage, failure.DateHeader, signedAt, _clock.UtcNow, out _);
                if (corrected)
                {
                    skewCorrected = true;
                    _log.Line($"Clock skew: {request.Uri.Authority} refused a request signed at {signedAt:yyyy-MM-dd HH:mm:ss} UTC ({failure!.Code}); " +
                              $"its clock is {ClockSkew.Describe(_clockSkew.CorrectionFor(request.Uri))} from this computer's, and requests to it are now signed with that correction.");
                }

                var decision = _retry.Decide(call, new FailedAttempt(failure!.Code, failure.Status, corrected, _pacer.SinceLastSuccess(request.RateKey), _clock.Elapsed - callStarted));
                if (decision.QuotaExhausted)
                    _log.Line($"Retry quota: {_retry.Quota.Available}/{_retry.Quota.Capacity} tokens left, {request.Operation} is not retried after {failure.Code}.");
                if (!decision.Retry)
                    throw CallErrors.GiveUp(request, failure, secrets, attempt, outcomeUnknown, previousCode, decision, _retry.Quota, signedAt, _clockSkew);
                outcomeUnknown |= ErrorCodes.IsOutcomeUnknown(failure.Code, failure.Status);
                previousCode = failure.Code;
                if (decision.Delay > TimeSpan.Zero)
                    await _clock.Delay(decision.Delay, cancellationToken).ConfigureAwait(false);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _transport.Dispose();
        }
    }
}
