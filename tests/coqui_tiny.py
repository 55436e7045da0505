"""Build Coqui VITS checkpoints with random weights: what a downloaded voice looks like on disk.

`build_vits(folder)` makes a tiny one (a few MB, seconds) for tests; `build_vits(folder, full=True)`
keeps VitsConfig's default dimensions (Thorsten VITS's architecture) for the benchmark. Both speak
German espeak phonemes with Coqui's IPA phoneme set, as Coqui's Thorsten recipe trains them.
"""

from __future__ import annotations

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
               seed: int = SEED) -> Path:
    """Write config.json + model.pth for a German VITS voice with random weights into `folder`.

    `phonemes=False` makes a grapheme model (lower-case German letters, multilingual_cleaners);
    with `add_blank=False` as well, input outside its small vocabulary reaches Coqui's
    "Kernel size can't be greater than actual input size" crash, as short inputs do in real voices.
    """
    import torch
    from TTS.tts.configs.shared_configs import CharactersConfig
    from TTS.tts.configs.vits_config import VitsArgs, VitsConfig
    from TTS.tts.models.vits import Vits
    from TTS.tts.utils.text.characters import _phonemes, _punctuations

    torch.manual_seed(seed)
    args = VitsArgs(init_discriminator=False, **({} if full else TINY_ARGS))
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
        add_blank=add_blank, run_name="narrate-random-vits",
    )
    model = Vits(config)
    _keep_audible(model.waveform_decoder.conv_post.weight)
    folder.mkdir(parents=True, exist_ok=True)
    config.save_json(str(folder / "config.json"))
    torch.save({"model": model.state_dict()}, folder / "model.pth")
    return folder
