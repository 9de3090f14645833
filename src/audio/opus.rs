//! Opus through libopus (the `opus` crate): symphonia 0.5 reads Ogg Opus (its pages, the
//! `OpusHead` with the pre-skip, granule timestamps) but has no Opus decoder, so this one is
//! registered beside its own. Output is always 48 kHz; the pre-skip arrives as the codec's
//! `delay`, which the stream drops like an MP3's encoder delay.

use std::sync::{LazyLock, Mutex};

use symphonia::core::audio::{AsAudioBufferRef, AudioBuffer, AudioBufferRef, Channels, Signal};
use symphonia::core::audio::{Layout, SignalSpec};
use symphonia::core::codecs::{
    CODEC_TYPE_OPUS, CodecDescriptor, CodecParameters, CodecRegistry, Decoder, DecoderOptions,
    FinalizeResult,
};
use symphonia::core::errors::{Error, Result};
use symphonia::core::formats::Packet;
use symphonia::core::support_codec;

/// Opus always decodes at 48 kHz.
const RATE: u32 = 48_000;
/// The longest Opus packet: 120 ms at 48 kHz.
const MAX_FRAMES: usize = 5_760;

/// symphonia's decoders plus Opus.
pub static CODECS: LazyLock<CodecRegistry> = LazyLock::new(|| {
    let mut registry = CodecRegistry::new();
    symphonia::default::register_enabled_codecs(&mut registry);
    registry.register_all::<OpusDecoder>();
    registry
});

pub struct OpusDecoder {
    params: CodecParameters,
    /// In a mutex only so the decoder is `Sync`, as symphonia asks; `&mut self` reaches it
    /// without locking.
    decoder: Mutex<opus::Decoder>,
    channels: usize,
    /// Interleaved output of libopus.
    pcm: Vec<f32>,
    buf: AudioBuffer<f32>,
}

impl Decoder for OpusDecoder {
    fn try_new(params: &CodecParameters, _options: &DecoderOptions) -> Result<Self> {
        let count = params.channels.map_or(2, Channels::count);
        let (channels, layout) = match count {
            1 => (opus::Channels::Mono, Layout::Mono),
            2 => (opus::Channels::Stereo, Layout::Stereo),
            _ => {
                return Err(Error::Unsupported(
                    "Opus with more than two channels (multistream)",
                ));
            }
        };
        let decoder = opus::Decoder::new(RATE, channels)
            .map_err(|_| Error::DecodeError("libopus could not start a decoder"))?;
        Ok(OpusDecoder {
            params: params.clone(),
            decoder: Mutex::new(decoder),
            channels: count,
            pcm: vec![0.0; MAX_FRAMES * count],
            buf: AudioBuffer::new(MAX_FRAMES as u64, SignalSpec::new_with_layout(RATE, layout)),
        })
    }

    fn supported_codecs() -> &'static [CodecDescriptor] {
        &[support_codec!(CODEC_TYPE_OPUS, "opus", "Opus")]
    }

    fn reset(&mut self) {
        // A seek: libopus forgets the previous packets' state.
        if let Ok(decoder) = self.decoder.get_mut() {
            let _ = decoder.reset_state();
        }
    }

    fn codec_params(&self) -> &CodecParameters {
        &self.params
    }

    fn decode(&mut self, packet: &Packet) -> Result<AudioBufferRef<'_>> {
        let decoder = self
            .decoder
            .get_mut()
            .map_err(|_| Error::DecodeError("the Opus decoder failed earlier"))?;
        let frames = decoder
            .decode_float(&packet.data, &mut self.pcm, false)
            .map_err(|_| Error::DecodeError("a damaged Opus packet"))?;
        self.buf.clear();
        self.buf.render_reserved(Some(frames));
        for ch in 0..self.channels {
            let plane = self.buf.chan_mut(ch);
            for (i, sample) in plane.iter_mut().enumerate() {
                *sample = self.pcm[i * self.channels + ch];
            }
        }
        Ok(self.buf.as_audio_buffer_ref())
    }

    fn finalize(&mut self) -> FinalizeResult {
        FinalizeResult::default()
    }

    fn last_decoded(&self) -> AudioBufferRef<'_> {
        self.buf.as_audio_buffer_ref()
    }
}
