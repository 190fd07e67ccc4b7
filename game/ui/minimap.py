"""The mini-map: the whole map at a glance (terrain, fog, who holds what, units as dots) with the
main view's frame; clicking it moves the view. Rebuilt only when the observation changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from game.engine.observation import Observation
from game.ui.camera import Camera
from game.ui.theme import Palette


class Minimap:
    def __init__(self, game: Any, pal: Palette) -> None:
        self.game = game
        self.pal = pal
        h, w = game.terrain_index.shape
        self.w, self.h = w, h
        self._cols = np.array([[c.r, c.g, c.b] for c in (pal.terrain[t] for t in game.scenario.terrain)], np.float32)
        self.base = self._cols[np.asarray(game.terrain_index)]  # H, W, 3
        self.side_cols = np.array([[c.r, c.g, c.b] for c in (pal.sides[s] for s in game.sides)], np.float32)
        self.image: pygame.Surface | None = None
        self.rect = pygame.Rect(0, 0, 0, 0)

    def build(self, obs: Observation, size: tuple[int, int]) -> None:
        """Render for an observation, scaled to fit ``size`` (keeps the map's proportions), on the map
        the observation was made on (a bridge a trigger blew is river)."""
        if obs.game is not self.game:
            self.game = obs.game
            self.base = self._cols[np.asarray(obs.game.terrain_index)]
        img = self.base.copy()
        ctrl = obs.control
        held = ctrl >= 0
        if held.any():
            img[held] = img[held] * 0.6 + self.side_cols[ctrl[held]] * 0.4
        fog = self.pal.c("fog")
        k = fog.a / 255.0
        dark = ~obs.visible
        img[dark] = img[dark] * (1 - k) + np.array([fog.r, fog.g, fog.b], np.float32) * k
        small = pygame.surfarray.make_surface(np.ascontiguousarray(img.transpose(1, 0, 2)).astype(np.uint8))
        scale = max(1, min(size[0] // self.w, size[1] // self.h))
        surf = pygame.transform.scale(small, (self.w * scale, self.h * scale))
        r = max(1, scale // 2 + 1)
        for s in obs.last_seen.values():
            col = self.pal.factions.get(s.faction, pygame.Color("grey"))
            pygame.draw.circle(surf, col, (s.x * scale + scale // 2, s.y * scale + scale // 2), r, 1)
        edge_l, edge_d = self.pal.c("counter_light"), self.pal.c("counter_dark")
        for u in obs.units.values():
            col = self.pal.factions.get(u.faction, pygame.Color("grey"))
            c = (u.x * scale + scale // 2, u.y * scale + scale // 2)
            pygame.draw.circle(surf, edge_d if sum(col[:3]) > 300 else edge_l, c, r + 1)
            pygame.draw.circle(surf, col, c, r)
        self.image = surf
        self.scale = scale

    def place(self, rect: pygame.Rect) -> None:
        self.rect = rect

    def draw(self, surface: pygame.Surface, camera: Camera) -> None:
        if self.image is None or self.rect.h < self.h:  # no room for it (a short window at a large scale)
            return
        r = self.rect
        surface.fill(self.pal.c("panel_bg"), r)
        img_r = self.image.get_rect(center=r.center)
        surface.blit(self.image, img_r)
        pygame.draw.rect(surface, self.pal.c("minimap_border"), img_r.inflate(2, 2), 1)
        s = self.scale
        vx, vy, vw, vh = camera.view
        z = camera.z
        frame = pygame.Rect(img_r.x + round(camera.ox / z * s), img_r.y + round(camera.oy / z * s),
                            max(3, round(vw / z * s)), max(3, round(vh / z * s)))
        clip = surface.get_clip()
        surface.set_clip(img_r)
        pygame.draw.rect(surface, self.pal.c("minimap_frame"), frame, 1)
        surface.set_clip(clip)

    def cell_at(self, pos: tuple[int, int]) -> tuple[int, int] | None:
        """The map cell under a point of the mini-map, or None outside it."""
        if self.image is None or self.rect.h < self.h:
            return None
        img_r = self.image.get_rect(center=self.rect.center)
        if not img_r.collidepoint(pos):
            return None
        return (pos[0] - img_r.x) // self.scale, (pos[1] - img_r.y) // self.scale
