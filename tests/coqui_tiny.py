"""Build Coqui VITS checkpoints with random weights: what a downloaded voice looks like on disk.

`build_vits(folder)` makes a tiny one (a few MB, seconds) for tests; `build_vits(folder, full=True)`
keeps VitsConfig's default dimensions (Thorsten VITS's architecture) for the benchmark. Both speak
German espeak phonemes with Coqui's IPA phoneme set, as Coqui's Thorsten recipe trains them.
"""

from __future__ import annotations

import json
from pathlib import Path

# Small enough to build in a second or two; every layer of the real architecture is still there.
TINY_ARGS = dict(
    hidden_channels=16,
    hidden_channels_ffn_text_encoder=32,
    num_heads_text_encoder=2,
    num_layers_text_encoder=1,
    num_layers_posterior_encoder=1,
    num_layers_flow=1,
    upsample_initial_channel_decoder=32,
    resblock_kernel_sizes_decoder=[3],
    resblock_dilation_sizes_decoder=[[1, 3, 5]],
)
SEED = 1234


def _keep_audible(kernel) -> None:
    """Make the output convolution a fixed band-pass (around a quarter of the sample rate).

    An untrained HiFi-GAN decoder outputs mostly DC plus some Nyquist buzz: silence to a loudness
    meter, so no gain could reach the podcast target within the true-peak ceiling, and an MP3
    encoder's low-pass would drop the rest. Filtered, the random voice is a noise in the audible
    band that the audio checks can measure. Every other weight stays random.
    """
    import torch

    taps = kernel.shape[-1]
    n = torch.arange(taps, dtype=torch.float32) - (taps - 1) / 2
    band = torch.hann_window(taps + 2, periodic=False)[1:-1] * torch.cos(2 * torch.pi * n / 4)
    basis = torch.stack([torch.ones(taps), (-1.0) ** torch.arange(taps)])  # DC, Nyquist
    basis = basis / basis.norm(dim=1, keepdim=True)
    band = band - (band @ basis.T) @ basis
    with torch.no_grad():
        kernel.copy_(band * torch.sign(kernel.sum(dim=-1, keepdim=True)))


def build_vits(folder: Path, *, full: bool = False, phonemes: bool = True, add_blank: bool = True,
               seed: int = SEED, speakers: tuple[str, ...] = ()) -> Path:
    """Write config.json + model.pth for a German VITS voice with random weights into `folder`.

    `phonemes=False` makes a grapheme model (lower-case German letters, multilingual_cleaners);
    with `add_blank=False` as well, input outside its small vocabulary reaches Coqui's
    "Kernel size can't be greater than actual input size" crash, as short inputs do in real voices.
    `speakers` makes a multi-speaker voice as Coqui's VCTK VITS is: a speaker embedding table and
    speaker_ids.json beside config.json (named in it, as Coqui's ModelManager writes the path).
    """
    import torch
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits
    from TTS.tts.utils.text.characters import _phonemes, _punctuations

    torch.manual_seed(seed)
    folder.mkdir(parents=True, exist_ok=True)
    multi = {}
    if speakers:
        ids = folder / "speaker_ids.json"
        ids.write_text(json.dumps({name: i for i, name in enumerate(speakers)}), encoding="utf-8")
        multi = dict(use_speaker_embedding=True, speakers_file=str(ids))
    args = VitsArgs(init_discriminator=False, **multi, **({} if full else TINY_ARGS))
    characters = CharactersConfig(
        characters_class="TTS.tts.models.vits.VitsCharacters",
        pad="<PAD>", eos="<EOS>", bos="<BOS>", blank="<BLNK>",
        characters="abcdefghijklmnopqrstuvwxyzäöüß",
        punctuations=_punctuations,
        phonemes=_phonemes if phonemes else "",
        is_unique=False, is_sorted=True,
    )
    config = VitsConfig(
        model_args=args, characters=characters, use_phonemes=phonemes,
        phonemizer="espeak" if phonemes else None, phoneme_language="de" if phonemes else None,
        text_cleaner="phoneme_cleaners" if phonemes else "multilingual_cleaners",
        add_blank=add_blank, run_name="narrate-random-vits", **multi,
    )
    model = Vits(config)
    _keep_audible(model.waveform_decoder.conv_post.weight)
    config.save_json(str(folder / "config.json"))
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    return folder


# XTTS v2's layout at toy size: a one-layer GPT over a 64-wide model (the perceiver resampler needs
# a multiple of its 8 heads); HiFi-GAN decoder and speaker encoder keep XTTS's fixed sizes. Random
# GPT weights rarely emit the stop token, so the audio-token limit bounds every chunk (~0.9 s).
TINY_XTTS_ARGS = dict(
    gpt_layers=1, gpt_n_model_channels=64, gpt_n_heads=2, decoder_input_dim=64,
    gpt_max_audio_tokens=20, gpt_num_audio_tokens=1026, gpt_start_audio_token=1024,
    gpt_stop_audio_token=1025, gpt_use_perceiver_resampler=True,
)
# Coqui's XttsConfig languages; each is a special token "[xx]" in vocab.json, as in XTTS v2's.
_XTTS_SPECIAL = ["[STOP]", "[UNK]", "[SPACE]", "[START]"]
_XTTS_CORPUS = ["guten morgen hier sind die nachrichten", "die bundesregierung hat sich geeinigt",
                "straßenbahnfahrerinnen und müllwerker streiken ab donnerstag früh"]


def _xtts_vocab(path: Path, languages: list[str]) -> None:
    """A byte-pair vocabulary in the Hugging Face tokenizers format XTTS's VoiceBpeTokenizer reads."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(
        vocab_size=160, special_tokens=_XTTS_SPECIAL + [f"[{lang}]" for lang in languages],
        initial_alphabet=list("abcdefghijklmnopqrstuvwxyzäöüß.,;:!?'-"), show_progress=False)
    tokenizer.train_from_iterator(_XTTS_CORPUS, trainer)
    tokenizer.save(str(path))


def _reference(path: Path, seconds: float = 4.0, rate: int = 22050, seed: int = SEED) -> Path:
    """A voiced-sounding recording: a 150 Hz buzz with a little noise, as a 16-bit WAV."""
    import numpy as np
    import soundfile

    t = np.arange(int(seconds * rate)) / rate
    wave = 0.3 * np.sign(np.sin(2 * np.pi * 150 * t)) * np.hanning(t.size) ** 0.1
    wave += np.random.default_rng(seed).normal(0, 0.02, t.size)
    soundfile.write(str(path), wave.astype(np.float32), rate, subtype="PCM_16")
    return path


# XTTS v2's own GPT (XttsArgs defaults: 30 layers, 1024 wide, 16 heads) with v2's audio tokens.
FULL_XTTS_ARGS = dict(gpt_num_audio_tokens=1026, gpt_start_audio_token=1024, gpt_stop_audio_token=1025,
                      gpt_use_perceiver_resampler=True)


def build_xtts(folder: Path, *, speakers: tuple[str, ...] = (), seed: int = SEED, full: bool = False,
               max_audio_tokens: int | None = None) -> Path:
    """Write an XTTS v2 checkpoint with random weights as Coqui's Xtts.load_checkpoint reads it:
    config.json, model.pth ({"model": state_dict}), vocab.json and, with `speakers`, speakers_xtts.pth
    ({name: {"gpt_cond_latent", "speaker_embedding"}}, latents of made-up recordings).
    No dvae.pth or mel_stats.pth: only training reads them (mel_stats is a buffer in model.pth).
    `full` keeps XTTS v2's dimensions (benchmark); `max_audio_tokens` bounds each chunk's length.
    """
    import torch
    from TTS.tts.configs.xtts_config import XttsArgs, XttsConfig
    from TTS.tts.layers.xtts.tokenizer import VoiceBpeTokenizer
    from TTS.tts.models.xtts import Xtts

    torch.manual_seed(seed)
    folder.mkdir(parents=True, exist_ok=True)
    args = dict(FULL_XTTS_ARGS if full else TINY_XTTS_ARGS)
    if max_audio_tokens is not None:
        args["gpt_max_audio_tokens"] = max_audio_tokens
    config = XttsConfig(model_args=XttsArgs(**args))
    _xtts_vocab(folder / "vocab.json", config.languages)
    model = Xtts(config)
    model.tokenizer = VoiceBpeTokenizer(str(folder / "vocab.json"))
    model.init_models()  # sizes the text embedding to the vocabulary, as load_checkpoint does
    _keep_audible(model.hifigan_decoder.waveform_decoder.conv_post.weight)
    config.save_json(str(folder / "config.json"))
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    if speakers:
        model.eval()
        voices = {}
        for index, name in enumerate(speakers):
            wav = _reference(folder / f".ref-{index}.wav", seed=seed + index)
            latent, embedding = model.get_conditioning_latents(audio_path=[str(wav)])
            voices[name] = {"gpt_cond_latent": latent, "speaker_embedding": embedding}
            wav.unlink()
        torch.save(voices, folder / "speakers_xtts.pth")
    return folder


def reference_wav(path: Path, seconds: float = 4.0) -> Path:
    """A recording for --speaker-wav."""
    return _reference(path, seconds)
