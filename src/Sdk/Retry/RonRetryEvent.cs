using RustyOnions.Sdk.Errors;

namespace RustyOnions.Sdk.Retry;

/// <summary>A retry about to happen: which retry (1-based), the delay before it, and the failure that caused it.</summary>
public sealed record RonRetryEvent(int Retry, TimeSpan Delay, RonException Cause);
