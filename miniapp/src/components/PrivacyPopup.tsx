import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { platform, PRIVACY_AGREE_BUTTON_ID } from '../platform';
import { Pressable } from '../platform/Pressable';

/**
 * H5：弹窗盖住页面，键盘焦点却还在页面上（或在上一页点过的控件上），要 Tab 过整张表单才到弹窗。
 * 打开时把焦点放到“同意并继续”上。每个打开着的页面都挂着这个弹窗，只取看得见的那一个；新页面可能还在
 * 切换进来（容器还没显示），所以每帧再试一次，最多约一秒。
 */
function focusAgreeButton(framesLeft = 60): void {
  const buttons = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="privacy-agree"]'));
  const shown = buttons.find((b) => b.getClientRects().length > 0);
  shown?.focus();
  if (shown && document.activeElement === shown) return;
  if (framesLeft > 0) requestAnimationFrame(() => focusAgreeButton(framesLeft - 1));
}

/**
 * 隐私保护指引弹窗。第一次用到定位、相册时弹出；
 * 小程序里“同意”按钮是 openType="agreePrivacyAuthorization"，由微信记录授权。
 */
export function PrivacyPopup() {
  const [open, setOpen] = useState(false);
  useEffect(() => platform.privacy.onRequest(setOpen), []);
  useEffect(() => {
    if (open && process.env.TARO_ENV === 'h5') focusAgreeButton();
  }, [open]);
  if (!open) return null;
  const isWeapp = process.env.TARO_ENV === 'weapp';
  return (
    <View className="privacy-mask" data-testid="privacy-popup">
      <View className="privacy-card" role="dialog" aria-modal="true" aria-label="用户隐私保护提示">
        <View className="privacy-title">用户隐私保护提示</View>
        <View className="privacy-body">
          <Text>
            为了帮你上报问题，我们会在你使用时获取位置（标记问题地点）、相机或相册（拍摄问题照片）。
            照片和位置只用于处理你反映的问题，公开展示时位置会做模糊处理。
          </Text>
          <View>
            <Pressable as="text" className="link" onClick={() => void Taro.navigateTo({ url: '/pkg-user/privacy/index' })}>
              查看《隐私保护指引》
            </Pressable>
          </View>
        </View>
        <View className="privacy-actions">
          <Button className="btn btn-ghost" onClick={() => platform.privacy.decline()}>
            不同意
          </Button>
          {isWeapp ? (
            <Button
              className="btn btn-primary"
              id={PRIVACY_AGREE_BUTTON_ID}
              openType="agreePrivacyAuthorization"
              onAgreePrivacyAuthorization={() => platform.privacy.agree()}
            >
              同意并继续
            </Button>
          ) : (
            <Button className="btn btn-primary" data-testid="privacy-agree" onClick={() => platform.privacy.agree()}>
              同意并继续
            </Button>
          )}
        </View>
      </View>
    </View>
  );
}
