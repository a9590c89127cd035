// The name of the error the transform throws when its own output would not parse: a fault of
// Trainspect's, never the user's. A file of its own so that the preload can know it without loading
// the parser's bundle (errors cross that bundle by name, not by class).
export const INSTRUMENT_FAULT = 'TrainspectInstrumentFault';
